/// What every request and response body can do: decode from and encode to a given API version.
/// Version checks belong to the caller (`ApiKey.codecVersions`); fields that a version lacks are
/// skipped when encoding and left at their defaults when decoding.
public protocol WireMessage: Equatable {
    static var apiKey: ApiKey { get }
    init(from r: inout ByteReader, version: Int16) throws
    func encode(into w: inout ByteWriter, version: Int16)
}

extension WireMessage {
    /// Decodes a whole body and insists nothing is left over (trailing bytes mean a version mismatch).
    public init(decoding bytes: ArraySlice<UInt8>, version: Int16) throws {
        var r = ByteReader(bytes)
        try self.init(from: &r, version: version)
        guard r.isAtEnd else { throw WireError("\(r.remaining) unread bytes after \(Self.self) v\(version)") }
    }

    /// Encodes the body alone (no frame, no header) into bytes.
    public func encodedBytes(version: Int16) -> [UInt8] {
        var w = ByteWriter()
        encode(into: &w, version: version)
        return w.bytes
    }
}
