import CZstd

/// Kafka's zstd: one zstd frame (the content size may be absent, so decompression streams).
enum ZstdCodec {
    static let level: Int32 = 3

    static func decompress(_ input: UnsafeRawBufferPointer) -> [UInt8]? {
        guard let stream = ZSTD_createDStream() else { return nil }
        defer { ZSTD_freeDStream(stream) }
        guard ZSTD_isError(ZSTD_initDStream(stream)) == 0 else { return nil }
        var output = GrowingOutput(expected: input.count * 4)
        var source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        while true {
            var remaining = 0
            let progressed: Bool = output.bytes.withUnsafeMutableBytes { out in
                var target = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: output.count)
                let before = (source.pos, output.count)
                remaining = ZSTD_decompressStream(stream, &target, &source)
                output.count = target.pos
                return (source.pos, output.count) != before
            }
            guard ZSTD_isError(remaining) == 0 else { return nil }
            if remaining == 0 && source.pos == source.size { return output.result }
            if output.count == output.bytes.count {
                guard output.grow() else { return nil }
            } else if !progressed || source.pos == source.size && remaining != 0 && output.count < output.bytes.count {
                return nil  // truncated frame
            }
        }
    }

    static func compress(_ input: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: ZSTD_compressBound(input.count))
        let written = input.withUnsafeBytes { source in
            out.withUnsafeMutableBytes { target in
                ZSTD_compress(target.baseAddress, target.count, source.baseAddress, source.count, level)
            }
        }
        precondition(ZSTD_isError(written) == 0, "ZSTD_compress failed")
        return Array(out[0..<written])
    }
}
