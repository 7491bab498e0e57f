/// Retention (Kafka's `retention.ms` / `retention.bytes` for `cleanup.policy=delete`). Only whole
/// closed segments are deleted; the active segment goes once a roll (`segment.bytes` /
/// `segment.ms`) has closed it. A start inside a segment (DeleteRecords) is persisted by
/// `LogStartOffset`; retention's start is always a segment's base offset, which the files show.
extension PartitionLog {
    /// At open (after the log start offset was read): deletes segments a crash left wholly below it.
    func loadLogStartOffset() throws {
        try deleteSegments(where: { _, _ in false })
    }

    /// Deletes the closed segments that `retention.ms` or `retention.bytes` expire (only when the
    /// cleanup policy includes "delete"), oldest first. Returns how many segments went.
    @discardableResult
    public func enforceRetention(nowMs: Int64? = nil) throws -> Int {
        let nowMs = nowMs ?? FileIO.nowMs()
        guard config.cleanupPolicies.contains("delete") else { return try deleteSegments(where: { _, _ in false }) }
        let retentionMs = config.retentionMs
        let retentionBytes = config.retentionBytes
        var excessBytes: Int64 = retentionBytes < 0 ? 0 : lock.withLock { Int64(segments.reduce(0) { $0 + $1.size }) } - retentionBytes
        return try deleteSegments(where: { segment, isNewestCandidate in
            var expired = false
            if retentionBytes >= 0 && excessBytes - Int64(segment.size) >= 0 {
                expired = true
            }
            if !expired && retentionMs >= 0, let newest = segment.largestTimestamp(), nowMs - newest > retentionMs {
                expired = true
            }
            if expired { excessBytes -= Int64(segment.size) }
            return expired
        })
    }

    /// Deletes the longest prefix of closed segments that lie wholly below the log start offset
    /// or that `expired` picks (called under the lock, in offset order), then moves the log
    /// start offset to the first segment kept. Files are removed outside the lock: readers hold
    /// their own descriptors, so a fetch being sent is not disturbed.
    @discardableResult
    private func deleteSegments(where expired: (LogSegment, Bool) -> Bool) throws -> Int {
        let (doomed, newStart) = try lock.withLock { () throws -> ([LogSegment], Int64) in
            guard !isClosed else { throw StorageError.closed }
            var count = 0
            while count < segments.count - 1 {
                let segment = segments[count]
                // A sealed segment not yet synced still has descriptors a sync in flight may be
                // using; it goes on a later pass, once sync() has closed it.
                guard !segment.isWritable else { break }
                let belowStart = segments[count + 1].baseOffset <= startOffset
                guard belowStart || expired(segment, count == segments.count - 2) else { break }
                count += 1
            }
            guard count > 0 else { return ([], startOffset) }
            let doomed = Array(segments[..<count])
            segments.removeFirst(count)
            startOffset = max(startOffset, segments.first!.baseOffset)
            return (doomed, startOffset)
        }
        guard !doomed.isEmpty else { return 0 }
        // Oldest first, indexes before the log file: a crash midway leaves a contiguous log whose
        // first segment may lack an index (rebuilt at start-up).
        for segment in doomed {
            try FileIO.remove(segment.indexPath)
            try FileIO.remove(segment.timeIndexPath)
            try FileIO.remove(segment.logPath)
        }
        // No checkpoint write: after whole-segment deletion the first file's name is the start
        // (the persisted value, if any, is lower and is clamped up at open).
        try FileIO.syncDirectory(directory)
        let bytes = doomed.reduce(0) { $0 + $1.size }
        log("deleted \(doomed.count) segment(s) (\(bytes) bytes) of \(directory); log start offset is now \(newStart)")
        return doomed.count
    }
}

extension LogSegment {
    /// The largest record timestamp in this segment; for a segment without timestamps, the log
    /// file's modification time (as Kafka does). nil for an empty segment.
    func largestTimestamp() -> Int64? {
        guard size > 0 else { return nil }
        if maxTimestamp >= 0 { return maxTimestamp }
        if let last = timeIndex.lastTimestamp, last >= 0 { return last }
        return try? FileIO.modifiedMs(file.fd)
    }
}

extension LogConfig {
    /// The policies named by `cleanup.policy` ("delete", "compact").
    public var cleanupPolicies: Set<String> {
        Set(cleanupPolicy.split(separator: ",").map { String($0.filter { $0 != " " }) })
    }
}
