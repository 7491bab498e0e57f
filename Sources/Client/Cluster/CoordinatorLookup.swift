import Wire

/// FindCoordinator for a consumer group, retried (bounded) while the coordinator is still loading.
enum CoordinatorLookup {
    static let attemptsMax = 20

    static func find(group: String, cluster: Cluster) throws -> (node: Int32, address: BrokerAddress) {
        var attempt = 0
        while true {
            attempt += 1
            let c = try cluster.anyConnection()
            let response = try c.roundTrip(FindCoordinatorRequest(key: group, keyType: 0), expecting: FindCoordinatorResponse.self)
            if response.errorCode == 0 {
                let address = BrokerAddress(host: response.host, port: Int(response.port))
                cluster.remember(node: response.nodeId, at: address)
                return (response.nodeId, address)
            }
            let code = ErrorCode(rawValue: response.errorCode)
            if !(code?.isRetriable ?? false) || attempt >= attemptsMax {
                try ClientError.check(response.errorCode, "finding the coordinator of group '\(group)'", message: response.errorMessage)
            }
            sleepMs(Cluster.Limits.retryBackoffMs)
        }
    }
}
