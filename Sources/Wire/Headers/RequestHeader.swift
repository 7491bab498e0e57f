/// The header in front of every request body. Version 1 for classic request versions, version 2
/// (adds a tagged-field section) for flexible ones. `clientId` keeps its i16 length even in v2, so the
/// header of any ApiVersions request can be read before the broker knows which versions the client speaks.
public struct RequestHeader: Equatable {
    public var apiKey: Int16
    public var apiVersion: Int16
    public var correlationId: Int32
    public var clientId: String?

    public init(apiKey: Int16, apiVersion: Int16, correlationId: Int32, clientId: String? = nil) {
        self.apiKey = apiKey
        self.apiVersion = apiVersion
        self.correlationId = correlationId
        self.clientId = clientId
    }

    public static func parse(_ reader: inout ByteReader, flexible: Bool) throws -> RequestHeader {
        let apiKey = try reader.readInt16()
        let apiVersion = try reader.readInt16()
        let correlationId = try reader.readInt32()
        let clientId = try reader.readNullableString(flexible: false)
        if flexible { try reader.skipTaggedFields() }
        return RequestHeader(apiKey: apiKey, apiVersion: apiVersion, correlationId: correlationId, clientId: clientId)
    }

    /// Reads a header, choosing v1 or v2 from the api key and version it starts with.
    /// Unknown api keys are read as v1 (enough to answer them with an error or close).
    public static func parse(_ reader: inout ByteReader) throws -> RequestHeader {
        var peek = reader
        let key = try peek.readInt16()
        let version = try peek.readInt16()
        let flexible = ApiKey(rawValue: key)?.isFlexible(version: version) ?? false
        return try parse(&reader, flexible: flexible)
    }

    public func encode(into w: inout ByteWriter, flexible: Bool) {
        w.writeInt16(apiKey)
        w.writeInt16(apiVersion)
        w.writeInt32(correlationId)
        w.writeNullableString(clientId, flexible: false)
        if flexible { w.writeEmptyTaggedFields() }
    }
}
