/// One piece of an encoded message: bytes we produced, or a byte range someone else supplies
/// (record data the network layer sends straight from a file with sendfile).
public enum EncodedChunk {
    case bytes([UInt8])
    case external(token: AnyObject, count: Int)

    public var count: Int {
        switch self {
        case .bytes(let b): return b.count
        case .external(_, let count): return count
        }
    }
}
