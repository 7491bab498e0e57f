import CSnappy

/// Kafka's snappy: Java producers write xerial's framing (a 16-byte header, then blocks each
/// preceded by a 4-byte big-endian length); librdkafka may write one raw snappy block. Both are
/// read; xerial framing is written, which every client reads.
enum SnappyCodec {
    static let xerialMagic: [UInt8] = [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00]
    static let xerialHeaderBytes = 16
    /// xerial's default block size.
    static let blockBytes = 32 * 1024

    static func decompress(_ input: UnsafeRawBufferPointer) -> [UInt8]? {
        guard input.count >= xerialHeaderBytes, Array(input[0..<8]) == xerialMagic else { return raw(input) }
        var out: [UInt8] = []
        var position = xerialHeaderBytes
        while position < input.count {
            guard input.count - position >= 4 else { return nil }
            let length = Int(input.loadBigEndian(at: position, as: UInt32.self))
            position += 4
            guard length <= input.count - position, let block = raw(UnsafeRawBufferPointer(rebasing: input[position..<position + length])),
                  out.count + block.count <= Compression.decompressedBytesMax
            else { return nil }
            out.append(contentsOf: block)
            position += length
        }
        return out
    }

    private static func raw(_ input: UnsafeRawBufferPointer) -> [UInt8]? {
        let source = input.baseAddress?.assumingMemoryBound(to: CChar.self)
        var length = 0
        guard let source, snappy_uncompressed_length(source, input.count, &length) == SNAPPY_OK,
              length <= Compression.decompressedBytesMax else { return input.isEmpty ? [] : nil }
        var out = [UInt8](repeating: 0, count: length)
        let status = out.withUnsafeMutableBytes { buffer in
            snappy_uncompress(source, input.count, buffer.baseAddress!.assumingMemoryBound(to: CChar.self), &length)
        }
        return status == SNAPPY_OK ? Array(out[0..<length]) : nil
    }

    static func compress(_ input: [UInt8]) -> [UInt8] {
        var out = xerialMagic
        for value: Int32 in [1, 1] { withUnsafeBytes(of: value.bigEndian) { out.append(contentsOf: $0) } }  // version, compatible version
        var start = 0
        repeat {
            let end = min(start + blockBytes, input.count)
            var block = [UInt8](repeating: 0, count: snappy_max_compressed_length(end - start))
            var length = block.count
            let status = input.withUnsafeBytes { source in
                block.withUnsafeMutableBytes { target in
                    snappy_compress(source.baseAddress!.assumingMemoryBound(to: CChar.self) + start, end - start,
                                    target.baseAddress!.assumingMemoryBound(to: CChar.self), &length)
                }
            }
            precondition(status == SNAPPY_OK, "snappy_compress failed")
            withUnsafeBytes(of: UInt32(length).bigEndian) { out.append(contentsOf: $0) }
            out.append(contentsOf: block[0..<length])
            start = end
        } while start < input.count
        return out
    }
}
