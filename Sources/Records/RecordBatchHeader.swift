/// A parsed view of the 61-byte header of a record batch (magic 2). All fields are big-endian.
public struct RecordBatchHeader: Equatable, Sendable {
    public static let byteCount = 61
    /// baseOffset (8) + batchLength (4): the bytes not counted by batchLength.
    public static let logOverhead = 12

    /// Byte positions of the fields, from the format's definition.
    public enum Field {
        public static let baseOffset = 0
        public static let batchLength = 8
        public static let partitionLeaderEpoch = 12
        public static let magic = 16
        public static let crc = 17
        public static let attributes = 21
        public static let lastOffsetDelta = 23
        public static let baseTimestamp = 27
        public static let maxTimestamp = 35
        public static let producerId = 43
        public static let producerEpoch = 51
        public static let baseSequence = 53
        public static let recordCount = 57
        /// The CRC covers everything from the attributes to the end of the batch.
        public static let crcCoveredStart = attributes
    }

    /// Attribute bits beyond the codec.
    public enum Attribute {
        public static let codecMask: Int16 = 0x07
        public static let logAppendTime: Int16 = 1 << 3
        public static let transactional: Int16 = 1 << 4
        public static let control: Int16 = 1 << 5
        public static let deleteHorizon: Int16 = 1 << 6
    }

    public var baseOffset: Int64
    public var batchLength: Int32
    public var partitionLeaderEpoch: Int32
    public var magic: Int8
    public var crc: UInt32
    public var attributes: Int16
    public var lastOffsetDelta: Int32
    public var baseTimestamp: Int64
    public var maxTimestamp: Int64
    public var producerId: Int64
    public var producerEpoch: Int16
    public var baseSequence: Int32
    public var recordCount: Int32

    /// Reads the header fields; checks only that 61 bytes are there (the validator checks meaning).
    public init(parsing bytes: UnsafeRawBufferPointer) throws(RecordBatchError) {
        guard bytes.count >= Self.byteCount else { throw .truncated }
        baseOffset = bytes.loadBigEndian(at: Field.baseOffset, as: Int64.self)
        batchLength = bytes.loadBigEndian(at: Field.batchLength, as: Int32.self)
        partitionLeaderEpoch = bytes.loadBigEndian(at: Field.partitionLeaderEpoch, as: Int32.self)
        magic = bytes.loadBigEndian(at: Field.magic, as: Int8.self)
        crc = bytes.loadBigEndian(at: Field.crc, as: UInt32.self)
        attributes = bytes.loadBigEndian(at: Field.attributes, as: Int16.self)
        lastOffsetDelta = bytes.loadBigEndian(at: Field.lastOffsetDelta, as: Int32.self)
        baseTimestamp = bytes.loadBigEndian(at: Field.baseTimestamp, as: Int64.self)
        maxTimestamp = bytes.loadBigEndian(at: Field.maxTimestamp, as: Int64.self)
        producerId = bytes.loadBigEndian(at: Field.producerId, as: Int64.self)
        producerEpoch = bytes.loadBigEndian(at: Field.producerEpoch, as: Int16.self)
        baseSequence = bytes.loadBigEndian(at: Field.baseSequence, as: Int32.self)
        recordCount = bytes.loadBigEndian(at: Field.recordCount, as: Int32.self)
    }

    /// The whole batch on the wire or on disk: 12 + batchLength.
    public var totalByteCount: Int { Self.logOverhead + Int(batchLength) }
    public var lastOffset: Int64 { baseOffset + Int64(lastOffsetDelta) }
    /// The offset after this batch: where the next batch starts.
    public var nextOffset: Int64 { lastOffset + 1 }
    /// nil when the codec bits name no known codec.
    public var compression: CompressionCodec? { CompressionCodec(rawValue: attributes & Attribute.codecMask) }
    public var isTransactional: Bool { attributes & Attribute.transactional != 0 }
    public var isControl: Bool { attributes & Attribute.control != 0 }
    public var usesLogAppendTime: Bool { attributes & Attribute.logAppendTime != 0 }
}
