/// Bounds for framing. Kafka's `socket.request.max.bytes` default is 100 MiB.
public enum FrameLimits {
    public static let requestBytesMax = 100 * 1024 * 1024
}

/// Builds a complete response frame: 4-byte size, response header, body.
public enum ResponseFrame {
    public static func encode(correlationId: Int32, flexibleHeader: Bool, body: (inout ByteWriter) -> Void) -> [EncodedChunk] {
        var w = ByteWriter()
        w.writeInt32(0)   // size, patched once the body is written
        ResponseHeader(correlationId: correlationId).encode(into: &w, flexible: flexibleHeader)
        body(&w)
        w.patchInt32(at: 0, Int32(w.count - 4))
        return w.finish()
    }
}

/// Builds a complete request frame: 4-byte size, request header, body (used by clients and tests).
public enum RequestFrame {
    public static func encode(header: RequestHeader, body: (inout ByteWriter) -> Void) -> [EncodedChunk] {
        let flexible = ApiKey(rawValue: header.apiKey)?.isFlexible(version: header.apiVersion) ?? false
        var w = ByteWriter()
        w.writeInt32(0)
        header.encode(into: &w, flexible: flexible)
        body(&w)
        w.patchInt32(at: 0, Int32(w.count - 4))
        return w.finish()
    }

    /// The size prefix of a frame, if 4 bytes are available. Throws for negative or oversized frames.
    public static func frameSize(_ prefix: some Collection<UInt8>, maxBytes: Int = FrameLimits.requestBytesMax) throws -> Int? {
        guard prefix.count >= 4 else { return nil }
        var r = ByteReader(Array(prefix.prefix(4)))
        let n = Int(try r.readInt32())
        guard n >= 0, n <= maxBytes else { throw WireError("frame size \(n) outside 0...\(maxBytes)") }
        return n
    }
}
