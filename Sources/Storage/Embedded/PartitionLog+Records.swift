import Records

/// A record as stored: its offset and absolute timestamp, decoded from its batch.
public struct StoredRecord: Equatable, Sendable {
    public var offset: Int64
    public var timestamp: Int64
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [RecordHeader]
}

/// Record-level convenience for embedded use (the broker works on whole batches instead).
extension PartitionLog {
    /// Appends one batch holding `records`, stamped with `timestamp` (default: now); with
    /// `durably` it returns only after fdatasync (like acks=-1).
    @discardableResult
    public func append(records: [(key: [UInt8]?, value: [UInt8]?)], timestamp: Int64? = nil,
                       compression: CompressionCodec = .none, durably: Bool = true) throws -> AppendResult {
        var builder = RecordBatchBuilder(baseTimestamp: timestamp ?? FileIO.nowMs())
        for record in records { builder.append(key: record.key, value: record.value) }
        var batch = builder.build(compression: compression)
        let result = try batch.withUnsafeMutableBytes { try append($0) }
        if durably { try sync() }
        return result
    }

    /// The records from `offset` on (whole batches up to about `maxBytes`), decompressed and
    /// decoded; records before `offset` in the first batch are skipped.
    public func records(from offset: Int64, maxBytes: Int = 1 << 20) throws -> [StoredRecord] {
        try recordsAndNextOffset(from: offset, maxBytes: maxBytes).records
    }

    /// The records as above, and the offset after the last batch read (where to continue even
    /// when the batches read held no record at or after `offset`, e.g. only control batches).
    func recordsAndNextOffset(from offset: Int64, maxBytes: Int) throws -> (records: [StoredRecord], next: Int64) {
        let bytes = try read(from: offset, maxBytes: maxBytes).bytes()
        return try bytes.withUnsafeBytes { raw in
            var out: [StoredRecord] = []
            var next = offset
            for range in RecordBatchScanner.batches(in: raw) {
                let (header, records) = try RecordBatchReader.records(in: UnsafeRawBufferPointer(rebasing: raw[range]))
                next = max(next, header.nextOffset)
                guard !header.isControl else { continue }
                for record in records where header.baseOffset + Int64(record.offsetDelta) >= offset {
                    let timestamp = header.usesLogAppendTime ? header.maxTimestamp : header.baseTimestamp + record.timestampDelta
                    out.append(StoredRecord(offset: header.baseOffset + Int64(record.offsetDelta), timestamp: timestamp,
                                            key: record.key, value: record.value, headers: record.headers))
                }
            }
            return (out, next)
        }
    }
}
