import Flow
import Wire

/// One TCP connection to one broker. Requests go one at a time (a lock is held for the round trip),
/// each with the next correlation id; the answer must carry the same id. On opening, ApiVersions picks
/// the version of every API. A connection that failed mid-request is marked broken and never reused:
/// its byte stream may be out of step.
final class BrokerConnection: @unchecked Sendable {
    /// Bounds for one connection.
    enum Limits {
        static let connectTimeoutMs = 5_000
        static let requestTimeoutMs = 30_000
        /// Larger answers are refused rather than allocated (a fetch is bounded by its max bytes).
        static let responseBytesMax = 128 * 1024 * 1024
    }

    let address: BrokerAddress
    let clientId: String
    private(set) var versions = ApiVersionTable(ApiVersionsResponse())
    private let socket: TCPSocket
    private struct State { var nextCorrelationId: Int32 = 1; var broken: String? }
    private let state = Locked(State())

    init(address: BrokerAddress, clientId: String) throws {
        self.address = address
        self.clientId = clientId
        socket = try TCPSocket(connectingTo: address, timeoutMs: Limits.connectTimeoutMs)
        versions = try negotiateVersions()
    }

    var isBroken: Bool { state.withLock { $0.broken != nil } }

    func close() {
        state.withLock { if $0.broken == nil { $0.broken = "closed" } }
        socket.shutdown()
    }

    /// The version to use for `api`, or a clear error when this broker cannot serve it.
    func version(of api: ApiKey) throws -> Int16 {
        guard let v = versions.version(for: api) else { throw ClientError.unsupportedApi(api.name, address: address.description) }
        return v
    }

    /// Sends `request` at the negotiated version and decodes the answer.
    func roundTrip<Request: WireMessage, Response: WireMessage>(
        _ request: Request, expecting: Response.Type, version: Int16? = nil, timeoutMs: Int = Limits.requestTimeoutMs
    ) throws -> Response {
        let v = try version ?? self.version(of: Request.apiKey)
        let body = try exchange(api: Request.apiKey, version: v, timeoutMs: timeoutMs, expectsResponse: true) { request.encode(into: &$0, version: v) }
        do {
            return try Response(decoding: body!, version: v)
        } catch {
            throw ClientError.protocolViolation("\(Request.apiKey.name) v\(v) answer does not decode: \(error)")
        }
    }

    /// Sends a request that gets no answer (Produce with acks=0).
    func sendOnly<Request: WireMessage>(_ request: Request, version: Int16) throws {
        _ = try exchange(api: Request.apiKey, version: version, timeoutMs: Limits.requestTimeoutMs, expectsResponse: false) {
            request.encode(into: &$0, version: version)
        }
    }

    /// Writes one frame and, if asked, reads the matching answer; returns the body after the header.
    private func exchange(api: ApiKey, version: Int16, timeoutMs: Int, expectsResponse: Bool,
                          encode: (inout ByteWriter) -> Void) throws -> ArraySlice<UInt8>? {
        try state.withLock { state in
            if let reason = state.broken { throw ClientError.connectionLost(address: address.description, reason: reason) }
            let correlationId = state.nextCorrelationId
            state.nextCorrelationId = correlationId == Int32.max ? 1 : correlationId + 1
            let header = RequestHeader(apiKey: api.rawValue, apiVersion: version, correlationId: correlationId, clientId: clientId)
            let chunks = RequestFrame.encode(header: header, body: encode).map { chunk -> [UInt8] in
                guard case .bytes(let b) = chunk else { preconditionFailure("client requests hold no external chunks") }
                return b
            }
            do {
                try socket.write(chunks, timeoutMs: timeoutMs)
                guard expectsResponse else { return nil }
                let deadline = monotonicMs() + Int64(timeoutMs)
                let prefix = try socket.read(exactly: 4, deadlineMs: deadline)
                guard let size = try? RequestFrame.frameSize(prefix, maxBytes: Limits.responseBytesMax) else {
                    throw ClientError.protocolViolation("response size outside 0...\(Limits.responseBytesMax)")
                }
                let frame = try socket.read(exactly: size, deadlineMs: deadline)
                var reader = ByteReader(frame)
                let responseHeader = try ResponseHeader.parse(&reader, flexible: api.responseHeaderIsFlexible(version: version))
                guard responseHeader.correlationId == correlationId else {
                    throw ClientError.protocolViolation("correlation id \(responseHeader.correlationId), expected \(correlationId)")
                }
                return frame[reader.position...]
            } catch {
                state.broken = "\(error)"
                socket.shutdown()
                if error is ClientError { throw error }
                throw ClientError.protocolViolation("\(error)")
            }
        }
    }

    /// ApiVersions at our highest version; a broker that does not know it answers UNSUPPORTED_VERSION
    /// with a v0 body listing its range (KIP-511), and we ask again at the best shared version.
    private func negotiateVersions() throws -> ApiVersionTable {
        var version = ApiKey.apiVersions.codecVersions.upperBound
        for _ in 0..<2 {
            let body = try exchange(api: .apiVersions, version: version, timeoutMs: Limits.connectTimeoutMs, expectsResponse: true) {
                ApiVersionsRequest(clientSoftwareName: "ringlog-swift", clientSoftwareVersion: "0.1").encode(into: &$0, version: version)
            }!
            var peek = ByteReader(body)
            let errorCode = (try? peek.readInt16()) ?? -1
            if errorCode == ErrorCode.unsupportedVersion.rawValue {
                let v0 = try ApiVersionsResponse(decoding: body, version: 0)
                let table = ApiVersionTable(v0)
                guard let shared = table.version(for: .apiVersions), shared != version else {
                    throw ClientError.unsupportedApi("ApiVersions", address: address.description)
                }
                version = shared
                continue
            }
            let response: ApiVersionsResponse
            do { response = try ApiVersionsResponse(decoding: body, version: version) } catch {
                throw ClientError.protocolViolation("ApiVersions v\(version) answer does not decode: \(error)")
            }
            try ClientError.check(response.errorCode, "ApiVersions")
            return ApiVersionTable(response)
        }
        throw ClientError.unsupportedApi("ApiVersions", address: address.description)
    }
}
