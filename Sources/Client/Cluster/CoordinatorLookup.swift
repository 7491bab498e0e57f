import Wire

/// FindCoordinator for a consumer group, retried (bounded) while the coordinator is still loading.
enum CoordinatorLookup {
    static let attemptsMax = 20

    static func find(group: String, cluster: Cluster) throws -> (node: Int32, address: BrokerAddress) {
        var attempt = 0
        while true {
            attempt += 1
            let answer = try ask(for: group, on: cluster.anyConnection())
            if answer.errorCode == 0 {
                let address = BrokerAddress(host: answer.host, port: Int(answer.port))
                cluster.remember(node: answer.nodeId, at: address)
                return (answer.nodeId, address)
            }
            let code = ErrorCode(rawValue: answer.errorCode)
            if !(code?.isRetriable ?? false) || attempt >= attemptsMax {
                try ClientError.check(answer.errorCode, "finding the coordinator of group '\(group)'", message: answer.errorMessage)
            }
            sleepMs(Cluster.Limits.retryBackoffMs)
        }
    }

    /// v4+ asks for a batch of keys (here one) and answers per key; older versions answer at the top level.
    private static func ask(for group: String, on c: BrokerConnection) throws -> FindCoordinatorResponse.Coordinator {
        let version = try c.version(of: .findCoordinator)
        let request = version >= 4 ? FindCoordinatorRequest(keyType: 0, coordinatorKeys: [group]) : FindCoordinatorRequest(key: group, keyType: 0)
        let response = try c.roundTrip(request, expecting: FindCoordinatorResponse.self, version: version)
        if version >= 4 {
            guard let answer = response.coordinators.first(where: { $0.key == group }) else {
                throw ClientError.protocolViolation("FindCoordinator v\(version) answer has no entry for group '\(group)'")
            }
            return answer
        }
        return .init(key: group, nodeId: response.nodeId, host: response.host, port: response.port,
                     errorCode: response.errorCode, errorMessage: response.errorMessage)
    }
}
