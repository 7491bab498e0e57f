import Wire

/// FindCoordinator (key 10): this node coordinates every group (and would every transaction).
/// v0–3 ask for one key; v4+ for a batch of keys, answered one coordinator entry per key.
enum FindCoordinatorAPI {
    static let groupKeyType: Int8 = 0
    static let transactionKeyType: Int8 = 1

    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        let req = try FindCoordinatorRequest(from: &body, version: request.version)
        var response = FindCoordinatorResponse(throttleTimeMs: 0, errorCode: 0, errorMessage: nil, nodeId: -1, host: "", port: -1)
        if request.version >= 4 {
            response.coordinators = req.coordinatorKeys.map { coordinator(for: $0, keyType: req.keyType, request.broker) }
        } else {
            let answer = coordinator(for: req.key, keyType: req.keyType, request.broker)
            (response.errorCode, response.errorMessage) = (answer.errorCode, answer.errorMessage)
            (response.nodeId, response.host, response.port) = (answer.nodeId, answer.host, answer.port)
        }
        request.respond { response.encode(into: &$0, version: request.version) }
    }

    static func coordinator(for key: String, keyType: Int8, _ broker: Broker) -> FindCoordinatorResponse.Coordinator {
        var answer = FindCoordinatorResponse.Coordinator(key: key, nodeId: -1, host: "", port: -1, errorCode: 0, errorMessage: nil)
        if keyType != groupKeyType && keyType != transactionKeyType {
            answer.errorCode = ErrorCode.invalidRequest.rawValue
            answer.errorMessage = "unknown key type \(keyType)"
        } else if keyType == groupKeyType && key.isEmpty {
            answer.errorCode = ErrorCode.invalidGroupId.rawValue
        } else {
            let address = broker.advertisedAddress
            (answer.nodeId, answer.host, answer.port) = (broker.config.nodeId, address.host, Int32(address.port))
        }
        return answer
    }
}
