import Glibc
import Records

/// One segment: a log file of whole batches plus its offset and time indexes. Not thread-safe:
/// its PartitionLog mutates it under the partition lock.
final class LogSegment {
    let baseOffset: Int64
    let logPath: String
    let indexPath: String
    let timeIndexPath: String
    /// Shared with readers; stays valid after the segment is closed or deleted.
    let file: SegmentFile
    /// Read-write descriptors; -1 once the segment is closed and synced.
    private var logFD: Int32 = -1
    private var indexFD: Int32 = -1
    private var timeIndexFD: Int32 = -1

    /// Bytes of whole, committed batches.
    private(set) var size: Int
    /// The offset after the last batch (only known for segments written or recovered here; for a
    /// closed segment opened from disk it is the next segment's base offset).
    var nextOffset: Int64
    /// nil until first needed for a closed segment (keeps start-up cheap).
    private var offsetIndexStorage: OffsetIndex?
    private var timeIndexStorage: TimeIndex?
    /// The largest batch max timestamp seen (active segment); -1 = none.
    private(set) var maxTimestamp: Int64 = -1
    private var bytesSinceIndexEntry = 0
    /// Bytes of the file known to be on disk (fdatasync'ed).
    private(set) var syncedSize = 0
    /// When the segment was created, for segment.ms.
    let createdMs: Int64

    var isWritable: Bool { logFD >= 0 }

    private init(directory: String, baseOffset: Int64, size: Int, writable: Bool) throws {
        self.baseOffset = baseOffset
        let stem = directory + "/" + SegmentNames.stem(baseOffset)
        logPath = stem + SegmentNames.logSuffix
        indexPath = stem + SegmentNames.indexSuffix
        timeIndexPath = stem + SegmentNames.timeIndexSuffix
        if writable { logFD = try FileIO.open(logPath, flags: O_RDWR | O_CREAT) }
        file = try SegmentFile(path: logPath)
        self.size = writable ? try FileIO.size(logFD) : size
        nextOffset = baseOffset
        createdMs = FileIO.nowMs()
    }

    /// A new, empty active segment.
    static func create(directory: String, baseOffset: Int64) throws -> LogSegment {
        let segment = try LogSegment(directory: directory, baseOffset: baseOffset, size: 0, writable: true)
        try FileIO.truncate(segment.logFD, to: 0)
        segment.size = 0
        segment.offsetIndexStorage = OffsetIndex()
        segment.timeIndexStorage = TimeIndex()
        try segment.openIndexFiles(truncate: true)
        return segment
    }

    /// A closed segment found on disk, trusted as it is; indexes load on first use.
    static func openClosed(directory: String, baseOffset: Int64) throws -> LogSegment {
        let probe = try LogSegment(directory: directory, baseOffset: baseOffset, size: 0, writable: false)
        probe.size = try FileIO.size(probe.file.fd)
        return probe
    }

    /// A segment found on disk that must be checked: opened for writing; call `recover`.
    static func openForRecovery(directory: String, baseOffset: Int64) throws -> LogSegment {
        try LogSegment(directory: directory, baseOffset: baseOffset, size: 0, writable: true)
    }

    deinit { closeDescriptors() }

    // MARK: appending

    func relativeOffset(_ offset: Int64) -> UInt32 { UInt32(offset - baseOffset) }

    /// Writes one validated, patched batch at the end of the file and indexes it.
    func append(_ batch: UnsafeRawBufferPointer, header: RecordBatchHeader, maxTimestamp batchMaxTimestamp: Int64,
                indexIntervalBytes: Int) throws {
        precondition(isWritable, "append to a closed segment")
        do {
            try FileIO.pwrite(logFD, batch, at: size)
        } catch {
            // A partial write must not leave half a batch that later appends would follow.
            try? FileIO.truncate(logFD, to: size)
            throw error
        }
        indexBatch(header: header, maxTimestamp: batchMaxTimestamp, position: size, indexIntervalBytes: indexIntervalBytes)
        size += batch.count
        nextOffset = header.nextOffset
    }

    /// Adds index entries for a batch at `position` (on append and while recovering).
    private func indexBatch(header: RecordBatchHeader, maxTimestamp batchMaxTimestamp: Int64, position: Int, indexIntervalBytes: Int) {
        maxTimestamp = max(maxTimestamp, batchMaxTimestamp)
        if bytesSinceIndexEntry >= indexIntervalBytes {
            let relative = relativeOffset(header.baseOffset)
            offsetIndexStorage!.append(relativeOffset: relative, position: UInt32(position))
            timeIndexStorage!.append(timestamp: maxTimestamp, relativeOffset: relative, position: position)
            bytesSinceIndexEntry = 0
        }
        bytesSinceIndexEntry += header.totalByteCount
        lastBatch = (relativeOffset(header.baseOffset), position)
    }

    /// The last batch written or recovered: (relative offset, position).
    private var lastBatch: (relativeOffset: UInt32, position: Int)?

    // MARK: indexes

    private func readWholeFile(_ path: String) -> [UInt8] {
        guard let fd = try? FileIO.open(path, flags: O_RDONLY) else { return [] }
        defer { close(fd) }
        guard let count = try? FileIO.size(fd), count > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        let n = (try? bytes.withUnsafeMutableBytes { try FileIO.pread(fd, into: $0, at: 0) }) ?? 0
        return Array(bytes.prefix(n))
    }

    var offsetIndex: OffsetIndex {
        if offsetIndexStorage == nil { offsetIndexStorage = OffsetIndex(fileBytes: readWholeFile(indexPath), segmentBytes: size) }
        return offsetIndexStorage!
    }

    var timeIndex: TimeIndex {
        if timeIndexStorage == nil { timeIndexStorage = TimeIndex(fileBytes: readWholeFile(timeIndexPath), nextRelativeOffset: nil) }
        return timeIndexStorage!
    }

    /// The file position of a batch at or before the one holding `offset`.
    func scanStart(for offset: Int64) -> Int {
        guard offset > baseOffset else { return 0 }
        let relative = UInt32(clamping: offset - baseOffset)
        return offsetIndex.floor(relativeOffset: relative)?.position ?? 0
    }

    /// Where a search for the first batch with max timestamp >= `timestamp` may start.
    func scanStart(forTimestamp timestamp: Int64) -> Int {
        guard let relative = timeIndex.scanStart(forTimestamp: timestamp) else { return 0 }
        return scanStart(for: baseOffset + Int64(relative))
    }

    private func openIndexFiles(truncate: Bool) throws {
        let flags = O_RDWR | O_CREAT | (truncate ? O_TRUNC : 0)
        if indexFD < 0 { indexFD = try FileIO.open(indexPath, flags: flags) }
        if timeIndexFD < 0 { timeIndexFD = try FileIO.open(timeIndexPath, flags: flags) }
    }

    /// Writes index entries not yet in the files. Called only after the log data they point at
    /// has been synced, so a persisted entry never names a batch that may be torn.
    func writePendingIndexEntries(upToPosition syncedBytes: Int) throws {
        guard var offsets = offsetIndexStorage, var times = timeIndexStorage else { return }
        try openIndexFiles(truncate: false)
        let offsetEnd = offsets.count(belowPosition: syncedBytes)
        if offsets.persistedCount < offsetEnd {
            let bytes = offsets.encoded(from: offsets.persistedCount, to: offsetEnd)
            try bytes.withUnsafeBytes { try FileIO.pwrite(indexFD, $0, at: offsets.persistedCount * OffsetIndex.entryBytes) }
            offsets.persistedCount = offsetEnd
        }
        let timeEnd = times.count(belowPosition: syncedBytes)
        if times.persistedCount < timeEnd {
            let bytes = times.encoded(from: times.persistedCount, to: timeEnd)
            try bytes.withUnsafeBytes { try FileIO.pwrite(timeIndexFD, $0, at: times.persistedCount * TimeIndex.entryBytes) }
            times.persistedCount = timeEnd
        }
        offsetIndexStorage = offsets
        timeIndexStorage = times
    }

    /// Replaces both index files with the in-memory entries (after recovery).
    private func rewriteIndexFiles() throws {
        try openIndexFiles(truncate: false)
        try FileIO.truncate(indexFD, to: 0)
        try FileIO.truncate(timeIndexFD, to: 0)
        offsetIndexStorage!.persistedCount = 0
        timeIndexStorage!.persistedCount = 0
        try writePendingIndexEntries(upToPosition: size)
    }

    // MARK: durability and closing

    /// The descriptor to fdatasync, or nil if nothing is pending.
    var descriptorToSync: Int32? { size > syncedSize && logFD >= 0 ? logFD : nil }

    var isFullySynced: Bool { syncedSize >= size }

    /// Records that the first `byteCount` bytes are on disk, then persists the index entries that
    /// point inside them.
    /// An index write that fails (a full disk) is retried at the next sync: the index only speeds
    /// up reads, and the log data it would point at is already durable.
    func markSynced(upTo byteCount: Int) throws {
        syncedSize = max(syncedSize, byteCount)
        try? writePendingIndexEntries(upToPosition: syncedSize)
    }

    /// Seals the segment on roll: records its max timestamp as the final time index entry.
    func seal() {
        guard isWritable, let last = lastBatch, maxTimestamp >= 0 else { return }
        timeIndexStorage?.append(timestamp: maxTimestamp, relativeOffset: last.relativeOffset, position: last.position)
    }

    /// Releases the write descriptors of a sealed, synced segment.
    func closeForWriting() {
        closeDescriptors()
    }

    private func closeDescriptors() {
        for fd in [logFD, indexFD, timeIndexFD] where fd >= 0 { close(fd) }
        logFD = -1
        indexFD = -1
        timeIndexFD = -1
    }

    // MARK: recovery

    /// Checks the batches from the last trustworthy index entry on (or from the start), truncates
    /// the file at the first batch that is partial, corrupt or out of sequence, and rebuilds the
    /// indexes. Returns the number of bytes cut off.
    /// `allowsGaps`: only closed segments can have been compacted, so only they may skip offsets;
    /// in the active segment a base offset above the expected one is damage. `fullScan` ignores
    /// the index and checks every batch (after a crash: also finds bit rot in synced data).
    func recover(config: LogConfig, allowsGaps: Bool, fullScan: Bool, log: (String) -> Void) throws -> Int {
        let fileSize = size
        var offsets = fullScan ? OffsetIndex() : OffsetIndex(fileBytes: readWholeFile(indexPath), segmentBytes: fileSize)
        let reader = BatchReader(fd: file.fd, end: fileSize)
        var start: (position: Int, offset: Int64) = (0, baseOffset)
        if let last = offsets.last {
            start = (Int(last.position), baseOffset + Int64(last.relativeOffset))
            // An index entry is only trusted if the batch it names is intact.
            if try validBatch(at: start.position, expectedBaseOffset: start.offset, exact: true, reader: reader) == nil {
                log("index of \(logPath) names a bad batch; scanning the whole segment")
                offsets = OffsetIndex()
                start = (0, baseOffset)
            }
        }
        offsetIndexStorage = offsets
        timeIndexStorage = TimeIndex(
            fileBytes: readWholeFile(timeIndexPath),
            nextRelativeOffset: offsets.last.map { $0.relativeOffset + 1 } ?? 0)
        maxTimestamp = timeIndexStorage!.lastTimestamp ?? -1
        bytesSinceIndexEntry = 0
        var position = start.position
        var expected = start.offset
        while let header = try validBatch(at: position, expectedBaseOffset: expected, exact: !allowsGaps, reader: reader) {
            let batchMax = header.maxTimestamp
            indexBatch(header: header, maxTimestamp: batchMax, position: position, indexIntervalBytes: config.indexIntervalBytes)
            position += header.totalByteCount
            expected = header.nextOffset
        }
        nextOffset = expected
        size = position
        let cut = fileSize - position
        if cut > 0 {
            log("truncating \(logPath) from \(fileSize) to \(position) bytes: torn or corrupt tail after offset \(expected - 1)")
            try FileIO.truncate(logFD, to: position)
        }
        // The bytes kept may have been in the page cache only (a process crash): make them durable
        // before anything is served as durable or indexed on disk.
        try FileIO.fdatasync(logFD)
        syncedSize = size
        try rewriteIndexFiles()
        return cut
    }

    /// The header of the intact batch at `position` whose base offset is `expectedBaseOffset` (or
    /// above it, unless `exact`), or nil if the bytes there are partial, corrupt or out of sequence.
    private func validBatch(at position: Int, expectedBaseOffset: Int64, exact: Bool, reader: BatchReader) throws -> RecordBatchHeader? {
        guard let header = try reader.header(at: position),
              header.batchLength >= Int32(RecordBatchHeader.byteCount - RecordBatchHeader.logOverhead),
              // Above the expected offset is a gap left by compaction; below it, a repeat.
              header.baseOffset == expectedBaseOffset || (!exact && header.baseOffset > expectedBaseOffset),
              header.lastOffsetDelta >= 0,
              header.baseOffset + Int64(header.lastOffsetDelta) - baseOffset <= Int64(UInt32.max),
              let bytes = try reader.bytes(at: position, count: header.totalByteCount),
              (try? RecordBatchValidator.validate(bytes, allowsOffsetGaps: true)) != nil
        else { return nil }
        return header
    }
}
