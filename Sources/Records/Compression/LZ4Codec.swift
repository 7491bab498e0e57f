import CLZ4

/// Kafka's lz4: the LZ4 frame format. Written with independent 64 KiB blocks and no block or
/// content checksums, the variant Java's reader accepts.
enum LZ4Codec {
    static func decompress(_ input: UnsafeRawBufferPointer) -> [UInt8]? {
        var context: OpaquePointer?
        guard LZ4F_isError(LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))) == 0, let context else { return nil }
        defer { LZ4F_freeDecompressionContext(context) }
        var output = GrowingOutput(expected: input.count * 4)
        var consumed = 0
        while true {
            var sourceSize = input.count - consumed
            var targetSize = 0
            let hint: Int = output.bytes.withUnsafeMutableBytes { out in
                targetSize = out.count - output.count
                let hint = LZ4F_decompress(context, out.baseAddress! + output.count, &targetSize,
                                           input.baseAddress.map { $0 + consumed }, &sourceSize, nil)
                return hint
            }
            guard LZ4F_isError(hint) == 0 else { return nil }
            consumed += sourceSize
            output.count += targetSize
            if hint == 0 { return output.result }          // frame complete
            if consumed >= input.count && targetSize == 0 { return nil }  // truncated frame
            if output.count == output.bytes.count { guard output.grow() else { return nil } }
        }
    }

    static func compress(_ input: [UInt8]) -> [UInt8] {
        var preferences = LZ4F_preferences_t()
        preferences.frameInfo.blockMode = LZ4F_blockIndependent
        preferences.frameInfo.blockSizeID = LZ4F_max64KB
        var out = [UInt8](repeating: 0, count: LZ4F_compressFrameBound(input.count, &preferences))
        let written = input.withUnsafeBytes { source in
            out.withUnsafeMutableBytes { target in
                LZ4F_compressFrame(target.baseAddress, target.count, source.baseAddress, source.count, &preferences)
            }
        }
        precondition(LZ4F_isError(written) == 0, "LZ4F_compressFrame failed")
        return Array(out[0..<written])
    }
}
