/// Writes a batch from decoded records that keep their own offset and timestamp deltas: how
/// compaction rewrites a batch with some records removed. The header's base offset, base
/// timestamp, producer fields, attributes (codec, timestamp type, transactional) come from the
/// original; the last offset delta, record count, max timestamp and CRC are recomputed.
public enum RecordBatchEncoder {
    public static func encode(_ records: [Record], like original: RecordBatchHeader) -> [UInt8] {
        var plain: [UInt8] = []
        for record in records { RecordEncoding.append(record, to: &plain) }
        let codec = original.compression ?? .none
        let section = Compression.compress(plain, codec: codec)
        var batch = [UInt8](repeating: 0, count: RecordBatchHeader.byteCount)
        batch.append(contentsOf: section)
        let lastOffsetDelta = records.last?.offsetDelta ?? 0
        let maxTimestamp = original.usesLogAppendTime
            ? original.maxTimestamp
            : records.map { original.baseTimestamp + $0.timestampDelta }.max() ?? original.baseTimestamp
        batch.withUnsafeMutableBytes { out in
            typealias F = RecordBatchHeader.Field
            out.storeBigEndian(original.baseOffset, at: F.baseOffset)
            out.storeBigEndian(Int32(out.count - RecordBatchHeader.logOverhead), at: F.batchLength)
            out.storeBigEndian(original.partitionLeaderEpoch, at: F.partitionLeaderEpoch)
            out.storeBigEndian(Int8(2), at: F.magic)
            out.storeBigEndian(original.attributes, at: F.attributes)
            out.storeBigEndian(lastOffsetDelta, at: F.lastOffsetDelta)
            out.storeBigEndian(original.baseTimestamp, at: F.baseTimestamp)
            out.storeBigEndian(maxTimestamp, at: F.maxTimestamp)
            out.storeBigEndian(original.producerId, at: F.producerId)
            out.storeBigEndian(original.producerEpoch, at: F.producerEpoch)
            out.storeBigEndian(original.baseSequence, at: F.baseSequence)
            out.storeBigEndian(Int32(records.count), at: F.recordCount)
            RecordBatchPatcher.recomputeCRC(in: out)
        }
        return batch
    }
}

/// One record's bytes inside a batch: varint length, then attributes, deltas, key, value, headers.
enum RecordEncoding {
    static func append(_ record: Record, to out: inout [UInt8]) {
        var body: [UInt8] = [0]  // attributes (unused)
        Varint.appendZigZag(record.timestampDelta, to: &body)
        Varint.appendZigZag(Int64(record.offsetDelta), to: &body)
        appendNullable(record.key, to: &body)
        appendNullable(record.value, to: &body)
        Varint.appendZigZag(Int64(record.headers.count), to: &body)
        for header in record.headers {
            appendNullable(Array(header.key.utf8), to: &body)
            appendNullable(header.value, to: &body)
        }
        Varint.appendZigZag(Int64(body.count), to: &out)
        out.append(contentsOf: body)
    }

    static func appendNullable(_ bytes: [UInt8]?, to out: inout [UInt8]) {
        guard let bytes else { Varint.appendZigZag(-1, to: &out); return }
        Varint.appendZigZag(Int64(bytes.count), to: &out)
        out.append(contentsOf: bytes)
    }
}
