import Wire

/// DescribeCluster (key 60), v0–1: this node is the whole cluster and its controller.
/// v1's endpoint type 2 (controllers) has no separate listener here: the same node answers.
enum DescribeClusterAPI {
    static let authorizedOperationsNotRequested = Int32.min

    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        let broker = request.broker
        let req = try DescribeClusterRequest(from: &body, version: request.version)
        let address = broker.advertisedAddress
        let response = DescribeClusterResponse(
            throttleTimeMs: 0, errorCode: 0, errorMessage: nil, endpointType: req.endpointType,
            clusterId: broker.clusterId, controllerId: broker.config.nodeId,
            brokers: [.init(brokerId: broker.config.nodeId, host: address.host, port: Int32(address.port), rack: nil)],
            clusterAuthorizedOperations: authorizedOperationsNotRequested)
        request.respond { response.encode(into: &$0, version: request.version) }
    }
}
