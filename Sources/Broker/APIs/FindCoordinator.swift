import Wire

/// FindCoordinator (key 10), v0–3: this node coordinates every group (and would every transaction).
enum FindCoordinatorAPI {
    static let groupKeyType: Int8 = 0
    static let transactionKeyType: Int8 = 1

    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        let req = try FindCoordinatorRequest(from: &body, version: request.version)
        var response = FindCoordinatorResponse(throttleTimeMs: 0, errorCode: 0, errorMessage: nil, nodeId: -1, host: "", port: -1)
        if req.keyType != groupKeyType && req.keyType != transactionKeyType {
            response.errorCode = ErrorCode.invalidRequest.rawValue
            response.errorMessage = "unknown key type \(req.keyType)"
        } else if req.keyType == groupKeyType && req.key.isEmpty {
            response.errorCode = ErrorCode.invalidGroupId.rawValue
        } else {
            let address = request.broker.advertisedAddress
            response.nodeId = request.broker.config.nodeId
            response.host = address.host
            response.port = Int32(address.port)
        }
        request.respond { response.encode(into: &$0, version: request.version) }
    }
}
