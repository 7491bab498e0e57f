/// Why a record batch was refused. Each case maps to one Kafka error code in the broker
/// (mostly CORRUPT_MESSAGE / INVALID_RECORD).
public enum RecordBatchError: Error, Equatable, Sendable {
    /// Fewer bytes than the header or than the batch length announces.
    case truncated
    /// The batch length field is below the header size or disagrees with the bytes given.
    case invalidLength
    case unsupportedMagic(Int8)
    case crcMismatch(expected: UInt32, actual: UInt32)
    /// lastOffsetDelta, recordCount and the records themselves disagree.
    case inconsistentRecordCount
    /// Codec bits name no known codec (5, 6 or 7).
    case invalidCompression
    /// Clients may not write transaction markers.
    case controlBatchFromClient
    /// A record reader met a codec it cannot decompress.
    case unsupportedCompression(CompressionCodec)
    /// The records section did not decompress with the batch's codec.
    case corruptCompressedData(CompressionCodec)
    /// A record without a key sent to a topic with cleanup.policy=compact.
    case missingKeyInCompactedTopic
    /// A record inside the batch is malformed (bad varint, length beyond the batch, ...).
    case invalidRecord
}
