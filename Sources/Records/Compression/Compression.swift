/// Compresses and decompresses the records section of a batch with the codec its attributes name,
/// using Debian's libraries. Only record readers need this (compaction, embedded reads, clients);
/// the broker's produce and fetch paths keep batches opaque.
public enum Compression {
    /// Bound on one batch's decompressed records: a hostile or corrupt batch must not make us
    /// allocate without limit.
    public static let decompressedBytesMax = 256 * 1024 * 1024

    public static func decompress(_ bytes: UnsafeRawBufferPointer, codec: CompressionCodec) throws(RecordBatchError) -> [UInt8] {
        let result: [UInt8]?
        switch codec {
        case .none: result = Array(bytes)
        case .gzip: result = GzipCodec.decompress(bytes)
        case .snappy: result = SnappyCodec.decompress(bytes)
        case .lz4: result = LZ4Codec.decompress(bytes)
        case .zstd: result = ZstdCodec.decompress(bytes)
        }
        guard let result else { throw .corruptCompressedData(codec) }
        return result
    }

    public static func compress(_ bytes: [UInt8], codec: CompressionCodec) -> [UInt8] {
        switch codec {
        case .none: return bytes
        case .gzip: return GzipCodec.compress(bytes)
        case .snappy: return SnappyCodec.compress(bytes)
        case .lz4: return LZ4Codec.compress(bytes)
        case .zstd: return ZstdCodec.compress(bytes)
        }
    }
}

/// Grows an output buffer for streaming decompressors, never past the bound.
struct GrowingOutput {
    var bytes: [UInt8]
    var count = 0

    init(expected: Int) {
        bytes = [UInt8](repeating: 0, count: max(1024, min(expected, Compression.decompressedBytesMax)))
    }

    /// Doubles the room; false once the bound is reached.
    mutating func grow() -> Bool {
        guard bytes.count < Compression.decompressedBytesMax else { return false }
        bytes.append(contentsOf: [UInt8](repeating: 0, count: min(bytes.count, Compression.decompressedBytesMax - bytes.count)))
        return true
    }

    var result: [UInt8] { Array(bytes[0..<count]) }
}
