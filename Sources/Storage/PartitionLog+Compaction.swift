import Glibc
import Records

/// Compaction (`cleanup.policy=compact`): keeps the latest record of each key in the closed,
/// synced segments, the way Kafka's cleaner does.
///
/// * The active segment is never cleaned, nor a sealed segment not yet synced, nor any segment
///   from the first one holding records younger than `min.compaction.lag.ms` on.
/// * A pass runs when the bytes written since the last pass (the dirty part, from the
///   `cleaner-offset-checkpoint` on) are at least `min.cleanable.dirty.ratio` of the cleanable bytes.
/// * A tombstone (null value) removes older records of its key; it is itself dropped once its
///   segment's newest record is older than `delete.retention.ms`, so consumers that were behind
///   still see the delete.
/// * Batches keep their base offset, codec and producer fields; a batch whose records all stay is
///   copied as it is, one that loses some is rewritten (recompressed) with the survivors' offset
///   deltas, so offsets never change; an emptied batch goes. Control batches stay.
///
/// Crash safety: a segment is rewritten to `<base>.log.cleaned`, fdatasync'ed, renamed to
/// `<base>.log.swap` (the commit point), and then under the partition lock the old indexes are
/// removed and the swap file renamed over the log. At start-up a `.cleaned` file is discarded and a
/// `.swap` file completes its rename; a segment without indexes is rescanned. So a crash at any
/// moment leaves either the old segment or the new one, never a mix.
extension PartitionLog {
    static let cleanerCheckpointFileName = "cleaner-offset-checkpoint"
    static let cleanedSuffix = ".cleaned"
    static let swapSuffix = ".swap"
    /// Output is written in chunks of this size.
    static let cleanerWriteChunkBytes = 1 << 20

    /// As Kafka: a compacted topic refuses records without a key (compaction could not place
    /// them). Costs a decode (and decompression) of each batch, for compacted topics only.
    static func requireKeys(_ batch: UnsafeRawBufferPointer) throws(RecordBatchError) {
        let (_, records) = try RecordBatchReader.records(in: batch)
        guard records.allSatisfy({ $0.key != nil }) else { throw .missingKeyInCompactedTopic }
    }

    private var cleanerCheckpoint: OffsetCheckpoint {
        OffsetCheckpoint(directory: directory, fileName: Self.cleanerCheckpointFileName)
    }

    /// Cleans when the dirty ratio calls for it. Returns the number of records removed.
    @discardableResult
    public func compactIfDirty(nowMs: Int64) throws -> Int {
        let config = self.config
        guard config.cleanupPolicies.contains("compact") else { return 0 }
        let candidates = try cleanableSegments(nowMs: nowMs, minCompactionLagMs: config.minCompactionLagMs)
        guard let last = candidates.last else { return 0 }
        let firstDirty = cleanerCheckpoint.read() ?? 0
        let total = candidates.reduce(0) { $0 + $1.size }
        let dirty = candidates.filter { $0.nextOffset > firstDirty }.reduce(0) { $0 + $1.size }
        guard total > 0, dirty > 0, Double(dirty) / Double(total) >= config.minCleanableDirtyRatio else { return 0 }
        let removed = try compact(candidates, nowMs: nowMs, deleteRetentionMs: config.deleteRetentionMs)
        try cleanerCheckpoint.write(last.nextOffset)
        return removed
    }

    /// The closed, synced segments from the start up to (not including) the first that may not be cleaned.
    private func cleanableSegments(nowMs: Int64, minCompactionLagMs: Int64) throws -> [LogSegment] {
        try lock.withLock {
            guard !isClosed else { throw StorageError.closed }
            var found: [LogSegment] = []
            for segment in segments.dropLast() {
                guard !segment.isWritable else { break }
                if minCompactionLagMs > 0, let newest = segment.largestTimestamp(), nowMs - newest < minCompactionLagMs { break }
                found.append(segment)
            }
            return found
        }
    }

    /// One pass over `segments` (in offset order): the latest offset of every key, then each
    /// segment rewritten without superseded records. Returns the records removed.
    private func compact(_ segments: [LogSegment], nowMs: Int64, deleteRetentionMs: Int64) throws -> Int {
        var latest: [[UInt8]: Int64] = [:]
        for segment in segments {
            try Self.forEachBatch(in: segment) { header, bytes in
                guard !header.isControl else { return }
                let (_, records) = try RecordBatchReader.records(in: bytes)
                for record in records {
                    if let key = record.key { latest[key] = header.baseOffset + Int64(record.offsetDelta) }
                }
            }
        }
        var removed = 0
        for segment in segments {
            let tombstonesExpire = (segment.largestTimestamp().map { nowMs - $0 > deleteRetentionMs }) ?? true
            removed += try rewrite(segment) { header, record in
                guard let key = record.key else { return true }  // no key: nothing to compact by
                guard latest[key] == header.baseOffset + Int64(record.offsetDelta) else { return false }
                return record.value != nil || !tombstonesExpire
            }
        }
        return removed
    }

    /// Calls `body` with each whole batch of a closed segment.
    private static func forEachBatch(in segment: LogSegment, _ body: (RecordBatchHeader, UnsafeRawBufferPointer) throws -> Void) throws {
        let reader = BatchReader(fd: segment.file.fd, end: segment.size)
        var position = 0
        while let header = try reader.header(at: position), let bytes = try reader.bytes(at: position, count: header.totalByteCount) {
            try body(header, bytes)
            position += header.totalByteCount
        }
    }

    /// Rewrites one segment keeping the records `keep` accepts; swaps it in crash-safely.
    private func rewrite(_ segment: LogSegment, keep: (RecordBatchHeader, Record) -> Bool) throws -> Int {
        let cleanedPath = segment.logPath + Self.cleanedSuffix
        let swapPath = segment.logPath + Self.swapSuffix
        let out = try FileIO.open(cleanedPath, flags: O_WRONLY | O_CREAT | O_TRUNC)
        var removed = 0
        var changed = false
        do {
            defer { Glibc.close(out) }
            var pending: [UInt8] = []
            var written = 0
            func flush() throws {
                try pending.withUnsafeBytes { try FileIO.pwrite(out, $0, at: written) }
                written += pending.count
                pending.removeAll(keepingCapacity: true)
            }
            try Self.forEachBatch(in: segment) { header, bytes in
                if header.isControl {
                    pending.append(contentsOf: bytes)
                } else {
                    let (_, records) = try RecordBatchReader.records(in: bytes)
                    let kept = records.filter { keep(header, $0) }
                    removed += records.count - kept.count
                    if kept.count == records.count {
                        pending.append(contentsOf: bytes)
                    } else {
                        changed = true
                        if !kept.isEmpty { pending.append(contentsOf: RecordBatchEncoder.encode(kept, like: header)) }
                    }
                }
                if pending.count >= Self.cleanerWriteChunkBytes { try flush() }
            }
            try flush()
            if changed { try FileIO.fdatasync(out) }
        } catch {
            try? FileIO.remove(cleanedPath)
            throw error
        }
        guard changed else {
            try FileIO.remove(cleanedPath)
            return 0
        }
        try FileIO.rename(cleanedPath, to: swapPath)
        try FileIO.syncDirectory(directory)
        try swapIn(cleaned: swapPath, replacing: segment)
        log("cleaned segment \(SegmentNames.stem(segment.baseOffset)) of \(directory): \(removed) record(s) removed")
        return removed
    }

    /// Under the partition lock: replaces the segment's files and its in-memory object. If the
    /// segment was deleted meanwhile (retention, DeleteRecords), the cleaned copy is discarded.
    private func swapIn(cleaned swapPath: String, replacing old: LogSegment) throws {
        try lock.withLock {
            guard let index = segments.firstIndex(where: { $0 === old }) else {
                try FileIO.remove(swapPath)
                return
            }
            // Indexes first: a crash after this point leaves a segment without indexes, rebuilt at open.
            try FileIO.remove(old.indexPath)
            try FileIO.remove(old.timeIndexPath)
            try FileIO.rename(swapPath, to: old.logPath)
            try FileIO.syncDirectory(directory)
            let fresh = try LogSegment.openForRecovery(directory: directory, baseOffset: old.baseOffset)
            _ = try fresh.recover(config: currentConfig, allowsGaps: true, fullScan: true, log: log)
            fresh.seal()
            try fresh.markSynced(upTo: fresh.size)
            fresh.closeForWriting()
            fresh.nextOffset = old.nextOffset
            segments[index] = fresh
        }
    }

    /// At open: completes swaps a crash interrupted after their commit point and discards
    /// unfinished cleaned copies.
    static func finishInterruptedCleaning(directory: String, log: (String) -> Void) throws {
        for name in try FileIO.list(directory) {
            let path = directory + "/" + name
            if name.hasSuffix(cleanedSuffix) {
                log("discarding unfinished cleaner output \(path)")
                try FileIO.remove(path)
            } else if name.hasSuffix(swapSuffix) {
                let logPath = String(path.dropLast(swapSuffix.count))
                let stem = String(logPath.dropLast(SegmentNames.logSuffix.count))
                log("completing interrupted segment swap \(path)")
                try FileIO.remove(stem + SegmentNames.indexSuffix)
                try FileIO.remove(stem + SegmentNames.timeIndexSuffix)
                try FileIO.rename(path, to: logPath)
            }
        }
        try FileIO.syncDirectory(directory)
    }
}
