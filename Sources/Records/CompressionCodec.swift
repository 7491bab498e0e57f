/// The codec in bits 0-2 of a batch's attributes. The broker stores compressed batches verbatim;
/// only record readers (client, compaction) need to decompress.
public enum CompressionCodec: Int16, Sendable, CaseIterable {
    case none = 0, gzip = 1, snappy = 2, lz4 = 3, zstd = 4
}
