/// Builds a batch (magic 2, uncompressed unless asked) with a correct CRC and base offset 0.
public struct RecordBatchBuilder {
    public let baseTimestamp: Int64
    public let producerId: Int64
    public let producerEpoch: Int16
    public let baseSequence: Int32
    /// Extra attribute bits (e.g. transactional, control) for tests and the broker's own markers.
    public var attributes: Int16 = 0
    private var recordBytes: [UInt8] = []
    private var recordCount: Int32 = 0
    private var maxTimestamp: Int64

    public init(baseTimestamp: Int64, producerId: Int64 = -1, producerEpoch: Int16 = -1, baseSequence: Int32 = -1) {
        self.baseTimestamp = baseTimestamp
        self.producerId = producerId
        self.producerEpoch = producerEpoch
        self.baseSequence = baseSequence
        self.maxTimestamp = baseTimestamp
    }

    public var count: Int { Int(recordCount) }

    /// `timestamp` defaults to the batch's base timestamp.
    public mutating func append(key: [UInt8]?, value: [UInt8]?, headers: [RecordHeader] = [], timestamp: Int64? = nil) {
        let timestampDelta = (timestamp ?? baseTimestamp) - baseTimestamp
        maxTimestamp = max(maxTimestamp, timestamp ?? baseTimestamp)
        var body: [UInt8] = [0]  // attributes (unused)
        Varint.appendZigZag(timestampDelta, to: &body)
        Varint.appendZigZag(Int64(recordCount), to: &body)
        Self.appendNullable(key, to: &body)
        Self.appendNullable(value, to: &body)
        Varint.appendZigZag(Int64(headers.count), to: &body)
        for header in headers {
            Self.appendNullable(Array(header.key.utf8), to: &body)
            Self.appendNullable(header.value, to: &body)
        }
        Varint.appendZigZag(Int64(body.count), to: &recordBytes)
        recordBytes.append(contentsOf: body)
        recordCount += 1
    }

    /// The batch, its records compressed with `compression` (the codec goes into the attributes).
    public func build(compression: CompressionCodec = .none) -> [UInt8] {
        var batch = [UInt8](repeating: 0, count: RecordBatchHeader.byteCount)
        batch.append(contentsOf: Compression.compress(recordBytes, codec: compression))
        let attributes = (self.attributes & ~RecordBatchHeader.Attribute.codecMask) | compression.rawValue
        batch.withUnsafeMutableBytes { out in
            typealias F = RecordBatchHeader.Field
            out.storeBigEndian(Int64(0), at: F.baseOffset)
            out.storeBigEndian(Int32(out.count - RecordBatchHeader.logOverhead), at: F.batchLength)
            out.storeBigEndian(Int32(-1), at: F.partitionLeaderEpoch)
            out.storeBigEndian(Int8(2), at: F.magic)
            out.storeBigEndian(attributes, at: F.attributes)
            out.storeBigEndian(max(recordCount - 1, 0), at: F.lastOffsetDelta)
            out.storeBigEndian(baseTimestamp, at: F.baseTimestamp)
            out.storeBigEndian(maxTimestamp, at: F.maxTimestamp)
            out.storeBigEndian(producerId, at: F.producerId)
            out.storeBigEndian(producerEpoch, at: F.producerEpoch)
            out.storeBigEndian(baseSequence, at: F.baseSequence)
            out.storeBigEndian(recordCount, at: F.recordCount)
            RecordBatchPatcher.recomputeCRC(in: out)
        }
        return batch
    }

    private static func appendNullable(_ bytes: [UInt8]?, to out: inout [UInt8]) {
        guard let bytes else { Varint.appendZigZag(-1, to: &out); return }
        Varint.appendZigZag(Int64(bytes.count), to: &out)
        out.append(contentsOf: bytes)
    }
}
