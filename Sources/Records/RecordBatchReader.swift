/// Decodes the records of one batch. Uncompressed batches only for now.
public enum RecordBatchReader {
    /// Validates the batch (length, magic, CRC), then decodes every record; the number decoded
    /// must equal the header's record count and the records must fill the batch exactly.
    public static func records(in batch: UnsafeRawBufferPointer) throws(RecordBatchError) -> (RecordBatchHeader, [Record]) {
        let header = try RecordBatchValidator.validate(batch)
        guard let codec = header.compression else { throw .invalidCompression }
        guard codec == .none else { throw .unsupportedCompression(codec) }
        var cursor = RecordCursor(bytes: batch, position: RecordBatchHeader.byteCount)
        var records: [Record] = []
        records.reserveCapacity(Int(header.recordCount))
        for _ in 0..<header.recordCount {
            let length = try cursor.readZigZag32()
            guard length > 0, Int(length) <= batch.count - cursor.position else { throw .invalidRecord }
            let end = cursor.position + Int(length)
            var inner = RecordCursor(bytes: UnsafeRawBufferPointer(rebasing: batch[..<end]), position: cursor.position)
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
        guard cursor.position == batch.count else { throw .inconsistentRecordCount }
        return (header, records)
    }
}
