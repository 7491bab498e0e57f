/// Decodes the records of one batch, decompressing them first when the batch is compressed.
public enum RecordBatchReader {
    /// Validates the batch (length, magic, CRC; offset gaps left by compaction are allowed), then
    /// decodes every record; the number decoded must equal the header's record count and the
    /// records must fill the (decompressed) records section exactly.
    public static func records(in batch: UnsafeRawBufferPointer) throws(RecordBatchError) -> (RecordBatchHeader, [Record]) {
        let header = try RecordBatchValidator.validate(batch, allowsOffsetGaps: true)
        guard let codec = header.compression else { throw .invalidCompression }
        let section = UnsafeRawBufferPointer(rebasing: batch[RecordBatchHeader.byteCount...])
        if codec == .none { return (header, try decode(section, count: header.recordCount)) }
        let plain = try Compression.decompress(section, codec: codec)
        var result: Result<[Record], RecordBatchError> = .success([])
        plain.withUnsafeBytes { raw in
            do { result = .success(try decode(raw, count: header.recordCount)) } catch { result = .failure(error as? RecordBatchError ?? .invalidRecord) }
        }
        return (header, try result.get())
    }

    /// Checks, without building records, that a validated batch's records section decompresses and holds
    /// exactly `recordCount` length-framed records. Kafka validates produced compressed batches this way;
    /// without it a corrupt payload with a correct CRC would be stored and stall every consumer.
    /// Costs one decompression per compressed batch; uncompressed batches are walked in place.
    public static func checkRecordFraming(in batch: UnsafeRawBufferPointer, header: RecordBatchHeader) throws(RecordBatchError) {
        guard let codec = header.compression else { throw .invalidCompression }
        let section = UnsafeRawBufferPointer(rebasing: batch[RecordBatchHeader.byteCount...])
        if codec == .none { return try walk(section, count: header.recordCount) }
        let plain = try Compression.decompress(section, codec: codec)
        var failure: RecordBatchError?
        plain.withUnsafeBytes { raw in
            do { try walk(raw, count: header.recordCount) } catch { failure = error as? RecordBatchError ?? .invalidRecord }
        }
        if let failure { throw failure }
    }

    private static func walk(_ bytes: UnsafeRawBufferPointer, count: Int32) throws(RecordBatchError) {
        var cursor = RecordCursor(bytes: bytes, position: 0)
        for _ in 0..<max(count, 0) {
            let length = try cursor.readZigZag32()
            guard length > 0, Int(length) <= bytes.count - cursor.position else { throw .invalidRecord }
            cursor.position += Int(length)
        }
        guard cursor.position == bytes.count else { throw .inconsistentRecordCount }
    }

    /// Decodes `count` records that exactly fill `bytes`.
    static func decode(_ bytes: UnsafeRawBufferPointer, count: Int32) throws(RecordBatchError) -> [Record] {
        var cursor = RecordCursor(bytes: bytes, position: 0)
        var records: [Record] = []
        records.reserveCapacity(Int(max(0, min(count, 1 << 16))))
        for _ in 0..<max(count, 0) {
            let length = try cursor.readZigZag32()
            guard length > 0, Int(length) <= bytes.count - cursor.position else { throw .invalidRecord }
            let end = cursor.position + Int(length)
            var inner = RecordCursor(bytes: UnsafeRawBufferPointer(rebasing: bytes[..<end]), position: cursor.position)
            _ = try inner.readInt8()  // record attributes: unused by the format
            let timestampDelta = try inner.readZigZag64()
            let offsetDelta = try inner.readZigZag32()
            let key = try inner.readNullableBytes()
            let value = try inner.readNullableBytes()
            let headerCount = try inner.readZigZag32()
            guard headerCount >= 0 else { throw .invalidRecord }
            var headers: [RecordHeader] = []
            for _ in 0..<headerCount {
                guard let headerKey = try inner.readNullableBytes() else { throw .invalidRecord }
                let headerValue = try inner.readNullableBytes()
                headers.append(RecordHeader(key: String(decoding: headerKey, as: UTF8.self), value: headerValue))
            }
            guard inner.position == end else { throw .invalidRecord }
            cursor.position = end
            records.append(Record(offsetDelta: offsetDelta, timestampDelta: timestampDelta, key: key, value: value, headers: headers))
        }
        guard cursor.position == bytes.count else { throw .inconsistentRecordCount }
        return records
    }
}
