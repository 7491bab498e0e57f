import Records

/// Operations behind the admin APIs: DeleteRecords, topic config changes, ListOffsets' max timestamp.
extension PartitionLog {
    /// Moves the log start offset to `offset` (DeleteRecords; -1 = the high watermark) and returns the
    /// new start. Offsets below it can no longer be read. The new start is made durable before any file is
    /// removed; whole segments below it are then deleted. Asking for an offset below the current start
    /// changes nothing.
    @discardableResult
    public func deleteRecords(before offset: Int64) throws -> Int64 {
        try lock.withLock {
            guard !isClosed else { throw StorageError.closed }
            let logEnd = segments.last!.nextOffset
            let target = offset == -1 ? logEnd : offset
            guard target >= 0, target <= logEnd else {
                throw StorageError.offsetOutOfRange(requested: offset, logStart: startOffset, logEnd: logEnd)
            }
            guard target > startOffset else { return startOffset }
            try LogStartOffset.write(target, directory: directory)
            startOffset = target
            // A segment goes when the next one starts at or below the new start. Sealed segments that
            // still hold write descriptors are not yet synced: they wait for a later call.
            while segments.count > 1, segments[1].baseOffset <= target, !segments[0].isWritable {
                let gone = segments.removeFirst()
                for path in [gone.logPath, gone.indexPath, gone.timeIndexPath] { try FileIO.remove(path) }
            }
            return startOffset
        }
    }

    /// Replaces the settings in force (a topic config change). Applies to the next append or roll.
    public func update(config: LogConfig) {
        precondition(config.segmentBytes <= LogConfig.segmentBytesMax)
        lock.withLock { currentConfig = config }
    }

    /// The offset and timestamp of the record with the largest timestamp (ListOffsets -3, KIP-734); the
    /// first such record when several share it. nil for an empty log. Segments are skipped by their max
    /// timestamp (the active segment's is in memory, a sealed one's is its time index's last entry), so
    /// usually one segment's batch headers are walked. Inside an uncompressed CreateTime batch the records
    /// are decoded to find the exact record; for compressed batches the batch's last offset is answered.
    public func offsetOfMaxTimestamp() throws -> (offset: Int64, timestamp: Int64)? {
        let (views, start) = try lock.withLock { () throws -> ([(file: SegmentFile, end: Int, max: Int64?)], Int64) in
            guard !isClosed else { throw StorageError.closed }
            let first = segmentIndexHolding(startOffset)
            let views = segments[first...].compactMap { segment -> (file: SegmentFile, end: Int, max: Int64?)? in
                guard segment.size > 0 else { return nil }
                let known: Int64? = segment.isWritable && segment.maxTimestamp >= 0 ? segment.maxTimestamp : segment.timeIndex.lastTimestamp
                return (segment.file, segment.size, known)
            }
            return (views, startOffset)
        }
        let bestKnown = views.compactMap(\.max).max() ?? Int64.min
        var best: (offset: Int64, timestamp: Int64)?
        for view in views where view.max == nil || view.max! >= bestKnown {
            let reader = BatchReader(fd: view.file.fd, end: view.end)
            var position = 0
            while let header = try reader.header(at: position), position + header.totalByteCount <= view.end {
                defer { position += header.totalByteCount }
                guard header.lastOffset >= start, !header.isControl else { continue }
                if let current = best, header.maxTimestamp <= current.timestamp { continue }
                best = try Self.recordWithMaxTimestamp(header: header, position: position, reader: reader, notBefore: start)
            }
        }
        return best
    }

    private static func recordWithMaxTimestamp(header: RecordBatchHeader, position: Int, reader: BatchReader,
                                               notBefore start: Int64) throws -> (offset: Int64, timestamp: Int64) {
        if header.usesLogAppendTime { return (max(header.baseOffset, start), header.maxTimestamp) }
        guard header.compression == CompressionCodec.none,
              let bytes = try reader.bytes(at: position, count: header.totalByteCount),
              let (_, records) = try? RecordBatchReader.records(in: bytes)
        else { return (header.lastOffset, header.maxTimestamp) }
        var best: (offset: Int64, timestamp: Int64)?
        for record in records {
            let offset = header.baseOffset + Int64(record.offsetDelta)
            let timestamp = header.baseTimestamp + record.timestampDelta
            if offset >= start, best == nil || timestamp > best!.timestamp { best = (offset, timestamp) }
        }
        return best ?? (header.lastOffset, header.maxTimestamp)
    }

    /// The last segment whose base offset is <= `offset` (call under the lock).
    func segmentIndexHolding(_ offset: Int64) -> Int {
        segments.lastIndex(where: { $0.baseOffset <= offset }) ?? 0
    }
}
