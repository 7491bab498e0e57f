import Glibc
import Records

/// One partition's log: a directory of segments. Thread-safe; appends are serialized by one lock
/// that also assigns offsets. Reads copy a snapshot of the segment list under the lock and do
/// their file I/O outside it.
public final class PartitionLog: @unchecked Sendable {
    public let directory: String
    /// The settings in force; topic config changes replace it (see PartitionLog+Admin.swift).
    public var config: LogConfig { lock.withLock { currentConfig } }
    let log: (String) -> Void
    /// Guards every property below.
    let lock = Lock()
    var currentConfig: LogConfig
    /// Serializes sync() and close(), which close descriptors of sealed segments.
    private let syncLock = Lock()
    /// Sorted by base offset; the last one is the active segment.
    var segments: [LogSegment]
    /// Idempotent producers' last batches, checked and updated with each append.
    var producers: ProducerStateTable
    /// Sealed segments whose data or index entries are not yet on disk.
    var sealedUnsynced: [LogSegment] = []
    /// The first offset readers may see; moved by retention (and DeleteRecords), persisted in the
    /// `log-start-offset` checkpoint. Never below the first segment's base offset.
    var startOffset: Int64 = 0
    private var directoryNeedsSync = false
    var durable: Int64
    private var fdatasyncs = 0
    var isClosed = false
    /// Set when fdatasync failed: Linux may drop the dirty pages and report success on the next
    /// call, so nothing after a failed sync can be promised durable. The log refuses further
    /// appends and syncs until reopened (recovery then checks the tail).
    private var syncFailure: StorageError?

    public init(directory: String, config: LogConfig, log: @escaping (String) -> Void = { _ in }) throws {
        precondition(config.segmentBytes <= LogConfig.segmentBytesMax)
        self.directory = directory
        currentConfig = config
        self.log = log
        try FileIO.makeDirectory(directory)
        segments = try Self.openSegments(directory: directory, config: config, log: log)
        startOffset = LogStartOffset.read(directory: directory, segments: segments)
        producers = try ProducerStateTable.rebuild(from: segments)
        durable = segments.last!.nextOffset
        try RecoveryPoint.write(segments.last!.baseOffset, directory: directory)
        try loadLogStartOffset()
    }

    /// Lists segments, trusts those below the recovery point, recovers the rest in order. A
    /// recovered segment that had to be cut ends the log: later segments would follow a hole.
    private static func openSegments(directory: String, config: LogConfig, log: (String) -> Void) throws -> [LogSegment] {
        try finishInterruptedCleaning(directory: directory, log: log)
        let bases = try FileIO.list(directory).compactMap(SegmentNames.baseOffset(ofLogFile:)).sorted()
        guard !bases.isEmpty else {
            let first = try LogSegment.create(directory: directory, baseOffset: 0)
            try FileIO.syncDirectory(directory)
            return [first]
        }
        let recoveryPoint = RecoveryPoint.read(directory: directory)
        let cleanShutdown = CleanShutdownMarker.consume(directory: directory)
        var segments: [LogSegment] = []
        for (i, base) in bases.enumerated() {
            let isLast = i == bases.count - 1
            let indexMissing = !FileIO.fileExists(directory + "/" + SegmentNames.stem(base) + SegmentNames.indexSuffix)
            if base < recoveryPoint && !isLast && bases[i + 1] <= recoveryPoint && !indexMissing {
                let segment = try LogSegment.openClosed(directory: directory, baseOffset: base)
                segment.nextOffset = bases[i + 1]
                segments.append(segment)
                continue
            }
            let segment = try LogSegment.openForRecovery(directory: directory, baseOffset: base)
            let cut = try segment.recover(config: config, allowsGaps: !isLast, fullScan: isLast && !cleanShutdown, log: log)
            segments.append(segment)
            if isLast { break }
            // A recovered segment may end below the next base offset (compaction leaves gaps); it
            // may not reach past it.
            if cut > 0 || segment.nextOffset > bases[i + 1] {
                for later in bases[(i + 1)...] {
                    log("deleting segment \(SegmentNames.stem(later)) of \(directory): it follows a damaged segment")
                    let stem = directory + "/" + SegmentNames.stem(later)
                    for suffix in [SegmentNames.logSuffix, SegmentNames.indexSuffix, SegmentNames.timeIndexSuffix] {
                        try FileIO.remove(stem + suffix)
                    }
                }
                try FileIO.syncDirectory(directory)
                break
            }
            segment.seal()
            try segment.markSynced(upTo: segment.size)
            segment.closeForWriting()
            segment.nextOffset = bases[i + 1]
        }
        return segments
    }

    // MARK: offsets

    public var logStartOffset: Int64 { lock.withLock { startOffset } }
    /// The next offset to be assigned; on one node also the high watermark.
    public var logEndOffset: Int64 { lock.withLock { segments.last!.nextOffset } }
    /// Every offset below this is on disk (fdatasync'ed).
    public var durableOffset: Int64 { lock.withLock { durable } }
    /// fdatasync calls made so far (for metrics and the group-commit tests).
    public var fdatasyncCount: Int { lock.withLock { fdatasyncs } }
    public var segmentCount: Int { lock.withLock { segments.count } }

    // MARK: append

    /// Validates the batch, assigns offsets (patches baseOffset, partitionLeaderEpoch = 0, and for
    /// LogAppendTime topics the timestamp and CRC, all in the caller's bytes), then writes it with
    /// one pwrite at the end of the active segment. Returns once the write is in the page cache
    /// (acks=1); use sync() or GroupCommit for acks=-1. Control batches (transaction markers)
    /// are refused unless `allowControlBatches`: only the broker itself writes them.
    public func append(_ batch: UnsafeMutableRawBufferPointer, allowControlBatches: Bool = false) throws -> AppendResult {
        let header: RecordBatchHeader
        do {
            // The CRC check is the costly part: done before taking the lock.
            header = try RecordBatchValidator.validate(UnsafeRawBufferPointer(batch), allowControlBatches: allowControlBatches)
        } catch {
            throw StorageError.batch(error)
        }
        let settings = config
        if !header.isControl && settings.cleanupPolicies.contains("compact") {
            // Kafka's order: a batch too large is refused as such before its records are looked at.
            guard batch.count <= settings.maxMessageBytes else { throw StorageError.messageTooLarge(batch.count) }
            do { try Self.requireKeys(UnsafeRawBufferPointer(batch)) } catch { throw StorageError.batch(error) }
        }
        return try lock.withLock {
            guard !isClosed else { throw StorageError.closed }
            if let syncFailure { throw syncFailure }
            guard batch.count <= currentConfig.maxMessageBytes else { throw StorageError.messageTooLarge(batch.count) }
            if case .duplicate(let earlier) = try producers.check(header) {
                return AppendResult(baseOffset: earlier.baseOffset, lastOffset: earlier.lastOffset, logAppendTimeMs: -1)
            }
            let now = FileIO.nowMs()
            try rollIfNeeded(incomingBytes: batch.count, lastOffsetDelta: header.lastOffsetDelta, nowMs: now)
            let active = segments.last!
            let baseOffset = active.nextOffset
            RecordBatchPatcher.setBaseOffset(baseOffset, in: batch)
            RecordBatchPatcher.setPartitionLeaderEpoch(0, in: batch)
            var maxTimestamp = header.maxTimestamp
            var logAppendTime: Int64 = -1
            if currentConfig.usesLogAppendTime {
                RecordBatchPatcher.setLogAppendTime(now, in: batch)
                maxTimestamp = now
                logAppendTime = now
            }
            var written = header
            written.baseOffset = baseOffset
            try active.append(UnsafeRawBufferPointer(batch), header: written, maxTimestamp: maxTimestamp,
                              indexIntervalBytes: currentConfig.indexIntervalBytes)
            producers.record(header, baseOffset: baseOffset)
            return AppendResult(baseOffset: baseOffset, lastOffset: written.lastOffset, logAppendTimeMs: logAppendTime)
        }
    }

    /// Starts a new active segment when the batch would overflow segment.bytes, when segment.ms
    /// has passed, or when its offsets would not fit the index's u32 relative offsets.
    private func rollIfNeeded(incomingBytes: Int, lastOffsetDelta: Int32, nowMs: Int64) throws {
        let active = segments.last!
        guard active.size > 0 else { return }
        let full = active.size + incomingBytes > currentConfig.segmentBytes
        let old = currentConfig.segmentMs.map { nowMs - active.createdMs >= $0 } ?? false
        let offsetsOverflow = active.nextOffset + Int64(lastOffsetDelta) - active.baseOffset > Int64(UInt32.max)
        guard full || old || offsetsOverflow else { return }
        active.seal()
        sealedUnsynced.append(active)
        segments.append(try LogSegment.create(directory: directory, baseOffset: active.nextOffset))
        directoryNeedsSync = true
    }

    // MARK: read

    /// Whole batches, starting with the one that holds `offset`, up to `maxBytes` (the first
    /// batch is included even if larger when `minOneBatch`). `offset == logEndOffset` gives an
    /// empty result; an offset outside [logStartOffset, logEndOffset] throws offsetOutOfRange.
    public func read(from offset: Int64, maxBytes: Int, minOneBatch: Bool = true) throws -> LogReadResult {
        let (views, start, logStart, logEnd) = try lock.withLock { () throws -> ([SegmentView], Int, Int64, Int64) in
            guard !isClosed else { throw StorageError.closed }
            let logStart = startOffset
            let logEnd = segments.last!.nextOffset
            guard offset >= logStart && offset <= logEnd else {
                throw StorageError.offsetOutOfRange(requested: offset, logStart: logStart, logEnd: logEnd)
            }
            if offset == logEnd { return ([], 0, logStart, logEnd) }
            let first = segmentIndex(containing: offset)
            let views = segments[first...].map { SegmentView(file: $0.file, end: $0.size) }
            return (views, segments[first].scanStart(for: offset), logStart, logEnd)
        }
        var result = LogReadResult(slices: [], byteCount: 0, highWatermark: logEnd, logStartOffset: logStart)
        var position = start
        var isFirstSegment = true
        for view in views {
            defer { isFirstSegment = false; position = 0 }
            let reader = BatchReader(fd: view.file.fd, end: view.end)
            if isFirstSegment {
                // Skip batches that end before the requested offset.
                while let header = try reader.header(at: position), header.lastOffset < offset {
                    position += header.totalByteCount
                }
            }
            guard position < view.end else { continue }
            let budget = maxBytes - result.byteCount
            var end = position
            if view.end - position <= budget {
                end = view.end  // the rest of the segment fits: no need to walk its batches
            } else {
                while let header = try reader.header(at: end), end + header.totalByteCount <= view.end {
                    let fits = end - position + header.totalByteCount <= budget
                    let forced = minOneBatch && result.byteCount == 0 && end == position
                    guard fits || forced else { break }
                    end += header.totalByteCount
                }
            }
            if end > position {
                result.slices.append(LogSlice(file: view.file, position: Int64(position), byteCount: end - position))
                result.byteCount += end - position
            }
            if end < view.end { break }
        }
        return result
    }

    private struct SegmentView {
        let file: SegmentFile
        let end: Int
    }

    /// The last segment whose base offset is <= `offset` (call under the lock).
    private func segmentIndex(containing offset: Int64) -> Int {
        var low = 0, high = segments.count  // first index with base > offset
        while low < high {
            let mid = (low + high) / 2
            if segments[mid].baseOffset <= offset { low = mid + 1 } else { high = mid }
        }
        return max(low - 1, 0)
    }

    // MARK: timestamps

    /// The first offset whose record timestamp is >= `timestamp`, with that timestamp; nil when
    /// every batch is older. Segments are chosen by their max timestamp, the start inside one by
    /// its time index, then batches are scanned by max timestamp; inside an uncompressed
    /// CreateTime batch the records are decoded to find the exact record.
    public func offset(atOrAfterTimestamp timestamp: Int64) throws -> (offset: Int64, timestamp: Int64)? {
        let candidates = try lock.withLock { () throws -> [(SegmentView, Int)] in
            guard !isClosed else { throw StorageError.closed }
            var found: [(SegmentView, Int)] = []
            for segment in segments {
                let segmentMax = segment.isWritable ? segment.maxTimestamp : (segment.timeIndex.lastTimestamp ?? .max)
                guard segmentMax >= timestamp, segment.size > 0 else { continue }
                found.append((SegmentView(file: segment.file, end: segment.size), segment.scanStart(forTimestamp: timestamp)))
            }
            return found
        }
        for (view, start) in candidates {
            let reader = BatchReader(fd: view.file.fd, end: view.end)
            var position = start
            while let header = try reader.header(at: position), position + header.totalByteCount <= view.end {
                if header.maxTimestamp >= timestamp {
                    return try Self.firstRecord(atOrAfter: timestamp, header: header, position: position, reader: reader)
                }
                position += header.totalByteCount
            }
        }
        return nil
    }

    private static func firstRecord(atOrAfter timestamp: Int64, header: RecordBatchHeader, position: Int,
                                    reader: BatchReader) throws -> (offset: Int64, timestamp: Int64) {
        let whole = (header.baseOffset, header.maxTimestamp)
        guard !header.usesLogAppendTime, header.compression == CompressionCodec.none,
              let bytes = try reader.bytes(at: position, count: header.totalByteCount),
              let (_, records) = try? RecordBatchReader.records(in: bytes)
        else { return whole }
        for record in records where header.baseTimestamp + record.timestampDelta >= timestamp {
            return (header.baseOffset + Int64(record.offsetDelta), header.baseTimestamp + record.timestampDelta)
        }
        return whole
    }

    // MARK: durability

    /// Makes everything appended so far durable: fdatasync of the active segment and of sealed
    /// segments not yet synced, fsync of the directory after a roll. Appends continue meanwhile.
    public func sync() throws {
        try syncLock.withLock {
            let (targets, target, syncDirectory) = try lock.withLock { () throws -> ([(LogSegment, Int32?, Int)], Int64, Bool) in
                guard !isClosed else { throw StorageError.closed }
                if let syncFailure { throw syncFailure }
                let all = sealedUnsynced + [segments.last!]
                let syncDirectory = directoryNeedsSync
                directoryNeedsSync = false
                return (all.map { ($0, $0.descriptorToSync, $0.size) }, segments.last!.nextOffset, syncDirectory)
            }
            do {
                for case let (_, fd?, _) in targets { try FileIO.fdatasync(fd) }
                if syncDirectory { try FileIO.syncDirectory(directory) }
            } catch {
                lock.withLock {
                    if syncDirectory { directoryNeedsSync = true }
                    syncFailure = error as? StorageError ?? .io(op: "fdatasync", errno: EIO)
                }
                log("sync of \(directory) failed, refusing further writes: \(error)")
                throw error
            }
            try lock.withLock {
                fdatasyncs += targets.filter { $0.1 != nil }.count
                for (segment, _, size) in targets { try segment.markSynced(upTo: size) }
                let done = sealedUnsynced.filter { $0.isFullySynced }
                for segment in done { segment.closeForWriting() }
                sealedUnsynced.removeAll { $0.isFullySynced }
                if !done.isEmpty {
                    try RecoveryPoint.write((sealedUnsynced.first ?? segments.last!).baseOffset, directory: directory)
                }
                durable = max(durable, target)
            }
        }
    }

    /// Syncs everything and releases the files. Later calls throw StorageError.closed.
    public func close() {
        do { try sync() } catch { if case StorageError.closed = error { return } ; log("sync on close of \(directory) failed: \(error)") }
        syncLock.withLock {
            lock.withLock {
                guard !isClosed else { return }
                isClosed = true
                let everythingSynced = sealedUnsynced.isEmpty && segments.last!.isFullySynced && syncFailure == nil
                for segment in sealedUnsynced + [segments.last!] { segment.closeForWriting() }
                sealedUnsynced.removeAll()
                if everythingSynced { CleanShutdownMarker.write(directory: directory) }
            }
        }
    }

    deinit { close() }
}
