/// The record data of one partition in a Fetch response. The broker hands over a byte range it will
/// send from the log file (`external`); decoding always yields `bytes`, a slice of the input.
public enum RecordsPayload: Equatable {
    case bytes(ArraySlice<UInt8>)
    case external(token: AnyObject, count: Int)

    public var count: Int {
        switch self {
        case .bytes(let b): return b.count
        case .external(_, let count): return count
        }
    }

    public static func == (a: RecordsPayload, b: RecordsPayload) -> Bool {
        switch (a, b) {
        case (.bytes(let x), .bytes(let y)): return x == y
        case (.external(let t1, let c1), .external(let t2, let c2)): return t1 === t2 && c1 == c2
        default: return false
        }
    }
}

extension ByteWriter {
    /// Records field: a length (i32, or uvarint(n + 1) when flexible; null = -1/0), then the bytes,
    /// spliced in without a copy when they are external.
    public mutating func writeRecords(_ records: RecordsPayload?, flexible: Bool) {
        switch records {
        case nil: writeLength(-1, flexible: flexible, wide: true)
        case .bytes(let b)?: writeBytes(b, flexible: flexible)
        case .external(let token, let count)?:
            writeLength(count, flexible: flexible, wide: true)
            writeExternal(token: token, count: count)
        }
    }
}
