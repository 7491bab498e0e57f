import Flow
import Wire

/// The client's view of a cluster: bootstrap addresses, the brokers and topics Metadata reported, and
/// one pooled connection per broker for short requests. Long-waiting requests (Fetch, JoinGroup) use
/// connections of their own (`openConnection`), so they never hold back a commit or a heartbeat.
final class Cluster: @unchecked Sendable {
    enum Limits {
        /// How long to wait for a new topic's partitions to get leaders.
        static let topicReadyWaitMs = 10_000
        static let retryBackoffMs = 100
    }

    let bootstrap: [BrokerAddress]
    let clientId: String

    private struct State {
        var bootstrapConnection: BrokerConnection?
        var pooled: [Int32: BrokerConnection] = [:]
        var brokers: [Int32: BrokerAddress] = [:]
        var topics: [String: TopicLayout] = [:]
        var closed = false
    }
    private let state = Locked(State())

    /// Connects to the first reachable bootstrap broker (so a wrong address fails here, early).
    init(bootstrap: String, clientId: String) throws {
        self.bootstrap = try BrokerAddress.parseList(bootstrap)
        self.clientId = clientId
        _ = try anyConnection()
    }

    func close() {
        let connections: [BrokerConnection] = state.withLock { s in
            s.closed = true
            defer { s.pooled = [:]; s.bootstrapConnection = nil }
            return Array(s.pooled.values) + (s.bootstrapConnection.map { [$0] } ?? [])
        }
        for c in connections { c.close() }
    }

    // MARK: Connections

    /// A live connection to any broker: a pooled one if there is one, else a bootstrap address.
    func anyConnection() throws -> BrokerConnection {
        let existing: BrokerConnection? = try state.withLock { s in
            if s.closed { throw ClientError.closed }
            if let c = s.bootstrapConnection, !c.isBroken { return c }
            return s.pooled.values.first(where: { !$0.isBroken })
        }
        if let existing { return existing }
        var lastError: Error = ClientError.invalidAddress("")
        for address in bootstrap {
            do {
                let c = try BrokerConnection(address: address, clientId: clientId)
                state.withLock { $0.bootstrapConnection = c }
                return c
            } catch { lastError = error }
        }
        throw lastError
    }

    /// The pooled connection to broker `node`.
    func connection(to node: Int32) throws -> BrokerConnection {
        if let c = state.withLock({ $0.pooled[node] }), !c.isBroken { return c }
        let c = try openConnection(to: node)
        let winner: BrokerConnection = state.withLock { s in
            if let other = s.pooled[node], !other.isBroken { return other }
            s.pooled[node] = c
            return c
        }
        if winner !== c { c.close() }
        return winner
    }

    /// A new connection to broker `node`, owned by the caller.
    func openConnection(to node: Int32) throws -> BrokerConnection {
        var address = state.withLock { $0.brokers[node] }
        if address == nil {
            _ = try refreshMetadata(topics: [])
            address = state.withLock { $0.brokers[node] }
        }
        guard let address else { throw ClientError.protocolViolation("no address known for broker \(node)") }
        return try BrokerConnection(address: address, clientId: clientId)
    }

    func openConnection(to address: BrokerAddress) throws -> BrokerConnection {
        try BrokerConnection(address: address, clientId: clientId)
    }

    /// The node ids of every broker Metadata reported.
    func brokerIds() throws -> [Int32] {
        if state.withLock({ $0.brokers.isEmpty }) { _ = try refreshMetadata(topics: []) }
        return state.withLock { $0.brokers.keys.sorted() }
    }

    func remember(node: Int32, at address: BrokerAddress) {
        state.withLock { $0.brokers[node] = address }
    }

    // MARK: Metadata

    /// Asks for `topics` (nil: every topic) and updates the cached brokers and layouts.
    @discardableResult
    func refreshMetadata(topics: [String]?, allowAutoCreate: Bool = false) throws -> MetadataResponse {
        let c = try anyConnection()
        let version = try c.version(of: .metadata)
        var request = MetadataRequest(allowAutoTopicCreation: allowAutoCreate)
        if let topics {
            request.topics = topics.map { MetadataRequest.Topic(name: $0) }
        } else {
            request.topics = version >= 1 ? nil : []   // v0 has no null: an empty list means all
        }
        let response = try c.roundTrip(request, expecting: MetadataResponse.self)
        state.withLock { s in
            for b in response.brokers { s.brokers[b.nodeId] = BrokerAddress(host: b.host, port: Int(b.port)) }
            for t in response.topics {
                guard let name = t.name else { continue }
                if t.errorCode == 0 { s.topics[name] = TopicLayout(t) } else { s.topics[name] = nil }
            }
        }
        return response
    }

    /// The layout of `topic`, from the cache or Metadata; waits (bounded) for a new topic's leaders.
    func layout(of topic: String, allowAutoCreate: Bool = false, refresh: Bool = false) throws -> TopicLayout {
        if !refresh, let cached = state.withLock({ $0.topics[topic] }), cached.isReady { return cached }
        let deadline = monotonicMs() + Int64(Limits.topicReadyWaitMs)
        while true {
            let response = try refreshMetadata(topics: [topic], allowAutoCreate: allowAutoCreate)
            if let t = response.topics.first(where: { $0.name == topic }) {
                let code = ErrorCode(rawValue: t.errorCode)
                if t.errorCode == 0, TopicLayout(t).isReady { return TopicLayout(t) }
                if t.errorCode != 0, !(code?.isRetriable ?? false) { try ClientError.check(t.errorCode, "metadata for topic '\(topic)'") }
                if code == .unknownTopicOrPartition && !allowAutoCreate { throw ClientError.unknownTopic(topic) }
            }
            if monotonicMs() > deadline { throw ClientError.timedOut("waiting for topic '\(topic)' to have leaders") }
            sleepMs(Limits.retryBackoffMs)
        }
    }

    func forget(topic: String) { state.withLock { $0.topics[topic] = nil } }

    /// Runs `body` for each leader with the partitions it leads.
    func partitionsByLeader(_ partitions: [TopicPartition]) throws -> [Int32: [TopicPartition]] {
        var byLeader: [Int32: [TopicPartition]] = [:]
        for tp in partitions {
            guard let leader = try layout(of: tp.topic).leader(of: tp.partition) else {
                throw ClientError.broker(.unknownTopicOrPartition, code: 3, context: "no leader for \(tp)", message: nil)
            }
            byLeader[leader, default: []].append(tp)
        }
        return byLeader
    }
}
