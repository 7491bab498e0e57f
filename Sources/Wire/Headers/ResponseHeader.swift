/// The header in front of every response body: v0 (correlation id) or v1 (plus tagged fields).
/// Which one a response uses is `ApiKey.responseHeaderIsFlexible(version:)`.
public struct ResponseHeader: Equatable {
    public var correlationId: Int32

    public init(correlationId: Int32) { self.correlationId = correlationId }

    public static func parse(_ reader: inout ByteReader, flexible: Bool) throws -> ResponseHeader {
        let id = try reader.readInt32()
        if flexible { try reader.skipTaggedFields() }
        return ResponseHeader(correlationId: id)
    }

    public func encode(into w: inout ByteWriter, flexible: Bool) {
        w.writeInt32(correlationId)
        if flexible { w.writeEmptyTaggedFields() }
    }
}
