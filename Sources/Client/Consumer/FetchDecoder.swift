import Records
import Wire

/// Turns one partition's fetched bytes into records at or after the fetch offset. Control batches
/// (transaction markers) are skipped; compressed batches are refused with a clear error.
enum FetchDecoder {
    struct Decoded {
        var records: [ConsumerRecord]
        /// Where the next fetch starts: after the last whole batch seen (nil: no whole batch).
        var nextOffset: Int64?
    }

    static func decode(_ bytes: ArraySlice<UInt8>, partition tp: TopicPartition, fetchOffset: Int64) throws -> Decoded {
        var records: [ConsumerRecord] = []
        var next: Int64?
        try bytes.withUnsafeBytes { buffer in
            for range in RecordBatchScanner.batches(in: buffer) {
                let batch = UnsafeRawBufferPointer(rebasing: buffer[range])
                let header = try RecordBatchHeader(parsing: batch)
                let lastOffset = header.baseOffset + Int64(header.lastOffsetDelta)
                next = lastOffset + 1
                if lastOffset < fetchOffset || header.attributes & RecordBatchHeader.Attribute.control != 0 { continue }
                let codec = CompressionCodec(rawValue: header.attributes & RecordBatchHeader.Attribute.codecMask)
                if let codec, codec != .none {
                    throw ClientError.compressedBatch(topic: tp.topic, partition: tp.partition, codec: "\(codec)")
                }
                let decoded: (RecordBatchHeader, [Record])
                do { decoded = try RecordBatchReader.records(in: batch) } catch {
                    throw ClientError.protocolViolation("corrupt batch at offset \(header.baseOffset) of \(tp): \(error)")
                }
                let logAppendTime = header.attributes & RecordBatchHeader.Attribute.logAppendTime != 0
                for r in decoded.1 {
                    let offset = header.baseOffset + Int64(r.offsetDelta)
                    guard offset >= fetchOffset else { continue }
                    records.append(ConsumerRecord(topic: tp.topic, partition: tp.partition, offset: offset,
                                                  timestamp: logAppendTime ? header.maxTimestamp : header.baseTimestamp + r.timestampDelta,
                                                  key: r.key, value: r.value, headers: r.headers))
                }
            }
        }
        return Decoded(records: records, nextOffset: next)
    }
}
