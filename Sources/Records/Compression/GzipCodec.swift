import CZlib

/// Kafka's gzip: a gzip member (RFC 1952) around deflate data.
enum GzipCodec {
    /// windowBits 15 plus 16 selects the gzip wrapper; plus 32 (on inflate) accepts gzip or zlib.
    static let deflateWindowBits: Int32 = 15 + 16
    static let inflateWindowBits: Int32 = 15 + 32

    static func decompress(_ input: UnsafeRawBufferPointer) -> [UInt8]? {
        var stream = z_stream()
        guard inflateInit2_(&stream, inflateWindowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var output = GrowingOutput(expected: input.count * 4)
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        while true {
            let status: Int32 = output.bytes.withUnsafeMutableBufferPointer { out in
                stream.next_out = out.baseAddress! + output.count
                stream.avail_out = uInt(out.count - output.count)
                let status = inflate(&stream, Z_NO_FLUSH)
                output.count = out.count - Int(stream.avail_out)
                return status
            }
            if status == Z_STREAM_END { return output.result }
            guard status == Z_OK || status == Z_BUF_ERROR else { return nil }
            if stream.avail_out == 0 {
                guard output.grow() else { return nil }
            } else if stream.avail_in == 0 {
                return nil  // input ended before the stream did
            }
        }
    }

    static func compress(_ input: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        let status = deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, deflateWindowBits, 8, Z_DEFAULT_STRATEGY,
                                   zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "deflateInit2 failed: \(status)")
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 32)
        var input = input
        let written: Int = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = uInt(inBuffer.count)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                let result = deflate(&stream, Z_FINISH)
                precondition(result == Z_STREAM_END, "deflate did not finish: \(result)")
                return out.count - Int(stream.avail_out)
            }
        }
        return Array(output[0..<written])
    }
}
