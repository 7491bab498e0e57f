/// One piece of a response frame, written in order after the pieces before it.
public enum OutChunk {
    /// Bytes in memory; consecutive `.bytes` chunks are gathered into one `sendmsg` (writev-style).
    case bytes([UInt8])
    /// `count` bytes of an open file from `offset`, sent with `sendfile(2)` (no copy through user space).
    /// `owner` is retained until the bytes are written (or the connection closes), so whatever owns `fd`
    /// (a segment) cannot close it underneath the send.
    case file(fd: Int32, offset: Int64, count: Int, owner: AnyObject?)

    /// Bytes this chunk puts on the wire.
    public var byteCount: Int {
        switch self {
        case .bytes(let bytes): return bytes.count
        case .file(_, _, let count, _): return count
        }
    }
}

/// Who is on the other end of a connection. Stable for the connection's lifetime.
public struct ConnectionInfo: Sendable, Hashable {
    /// Unique per server, increasing in accept order.
    public let id: UInt64
    public let peerAddress: String
    public let peerPort: Int
    public let localPort: Int

    public init(id: UInt64, peerAddress: String, peerPort: Int, localPort: Int) {
        self.id = id
        self.peerAddress = peerAddress
        self.peerPort = peerPort
        self.localPort = localPort
    }
}
