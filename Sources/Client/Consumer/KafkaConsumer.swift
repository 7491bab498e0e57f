import Flow
import Wire

/// Reads records from assigned partitions, or from the partitions a group hands it.
///
///     let consumer = try await KafkaConsumer(bootstrap: "127.0.0.1:9092", groupId: "billing")
///     try await consumer.subscribe(["orders"])
///     for record in try await consumer.poll(timeout: .seconds(1)) { ... }
///     try await consumer.commit()
public final class KafkaConsumer: @unchecked Sendable {
    /// Where to start when there is no committed offset (or it fell out of the log).
    public enum OffsetReset: Sendable { case earliest, latest }

    public enum Defaults {
        public static let maxPollRecords = 500
        public static let fetchBytesMax: Int32 = 50 * 1024 * 1024
        public static let partitionFetchBytesMax: Int32 = 1024 * 1024
        /// A poll waits in slices so a rebalance is noticed within this long.
        public static let fetchWaitMsMax = 500
    }

    public let groupId: String?
    public let autoOffsetReset: OffsetReset
    public let maxPollRecords: Int
    let cluster: Cluster
    let membership: GroupMembership?

    private struct State {
        var subscription: [String] = []
        var assignment: [TopicPartition] = []
        /// The next offset to hand out, per assigned partition (absent: not yet looked up).
        var positions: [TopicPartition: Int64] = [:]
        /// Fetched but not yet returned.
        var buffered: [ConsumerRecord] = []
        var fetchConnections: [Int32: BrokerConnection] = [:]
        var closed = false
    }
    private let state = Locked(State())

    public init(bootstrap: String = "127.0.0.1:9092", groupId: String? = nil, autoOffsetReset: OffsetReset = .latest,
                maxPollRecords: Int = Defaults.maxPollRecords, sessionTimeoutMs: Int = 10_000,
                clientId: String = "ringlog-consumer") async throws {
        self.groupId = groupId
        self.autoOffsetReset = autoOffsetReset
        self.maxPollRecords = maxPollRecords
        let cluster = try await offload { try Cluster(bootstrap: bootstrap, clientId: clientId) }
        self.cluster = cluster
        if let groupId {
            var settings = GroupMembership.Settings()
            settings.sessionTimeoutMs = Int32(sessionTimeoutMs)
            settings.heartbeatIntervalMs = max(sessionTimeoutMs / 3, 100)
            membership = GroupMembership(groupId: groupId, cluster: cluster, settings: settings)
        } else {
            membership = nil
        }
    }

    // MARK: Choosing partitions

    /// Reads exactly these partitions (no group rebalancing). With a group id, starts at its commits.
    public func assign(_ partitions: [TopicPartition]) {
        state.withLock { s in
            s.subscription = []
            s.assignment = partitions.sorted()
            s.positions = s.positions.filter { partitions.contains($0.key) }
            s.buffered = []
        }
    }

    /// Every partition of `topic`.
    public func assign(topic: String) async throws {
        let layout = try await offload { [cluster] in try cluster.layout(of: topic) }
        assign(layout.partitions.map { TopicPartition(topic, $0.index) })
    }

    /// Joins the group for `topics`; partitions arrive with the first poll.
    public func subscribe(_ topics: [String]) throws {
        guard membership != nil else { throw ClientError.usage("subscribe needs a group id; use assign without one") }
        state.withLock { s in
            s.subscription = topics
            s.assignment = []
            s.positions = [:]
            s.buffered = []
        }
        membership?.requestRejoin()
    }

    public var assignment: [TopicPartition] { state.withLock { $0.assignment } }

    /// The next offset `poll` returns for `partition`, once known.
    public func position(of partition: TopicPartition) -> Int64? { state.withLock { $0.positions[partition] } }

    /// Moves `partition` to `offset`.
    public func seek(_ partition: TopicPartition, to offset: Int64) {
        state.withLock { s in
            s.positions[partition] = offset
            s.buffered.removeAll { $0.topic == partition.topic && $0.partition == partition.partition }
        }
    }

    // MARK: Reading

    /// Records from the assigned partitions, waiting up to `timeout` for some to arrive.
    public func poll(timeout: Duration) async throws -> [ConsumerRecord] {
        let (seconds, attoseconds) = timeout.components
        let ms = Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
        return try await offload { [self] in try pollBlocking(timeoutMs: max(ms, 0)) }
    }

    private func pollBlocking(timeoutMs: Int) throws -> [ConsumerRecord] {
        if state.withLock({ $0.closed }) { throw ClientError.closed }
        let deadline = monotonicMs() + Int64(timeoutMs)
        while true {
            try ensureAssignmentAndPositions()
            if let ready = takeBuffered() { return ready }
            let left = Int(deadline - monotonicMs())
            if left <= 0 { return [] }
            if state.withLock({ $0.assignment.isEmpty }) {
                sleepMs(min(left, 100))
                continue
            }
            try fetchOnce(waitMs: min(left, Defaults.fetchWaitMsMax))
            if let ready = takeBuffered() { return ready }
        }
    }

    /// Up to `maxPollRecords` buffered records; positions move past what is handed out.
    private func takeBuffered() -> [ConsumerRecord]? {
        state.withLock { s in
            guard !s.buffered.isEmpty else { return nil }
            let n = min(maxPollRecords, s.buffered.count)
            let out = Array(s.buffered.prefix(n))
            s.buffered.removeFirst(n)
            for r in out { s.positions[TopicPartition(r.topic, r.partition)] = r.offset + 1 }
            return out
        }
    }

    /// Rejoins the group when needed, then looks up a position for every partition lacking one.
    private func ensureAssignmentAndPositions() throws {
        if let membership {
            let topics = state.withLock { $0.subscription }
            if !topics.isEmpty && membership.needsRejoin {
                let partitions = try membership.join(topics: topics)
                state.withLock { s in
                    s.assignment = partitions.sorted()
                    s.positions = [:]
                    s.buffered = []
                }
            }
        }
        let missing = state.withLock { s in s.assignment.filter { s.positions[$0] == nil } }
        guard !missing.isEmpty else { return }
        var found = try membership?.committedOffsets(missing) ?? [:]
        let unresolved = missing.filter { found[$0] == nil }
        if !unresolved.isEmpty {
            let reset = try OffsetLookup.offsets(unresolved, at: autoOffsetReset == .earliest ? .earliest : .latest, cluster: cluster)
            found.merge(reset) { committed, _ in committed }
        }
        state.withLock { s in for (tp, offset) in found where s.positions[tp] == nil { s.positions[tp] = offset } }
    }

    private func fetchConnection(to node: Int32) throws -> BrokerConnection {
        if let c = state.withLock({ $0.fetchConnections[node] }), !c.isBroken { return c }
        // Its own connection: a Fetch waits on the broker, and must not delay anything else.
        let c = try cluster.openConnection(to: node)
        state.withLock { $0.fetchConnections[node] = c }
        return c
    }

    private func fetchOnce(waitMs: Int) throws {
        let positions = state.withLock { s in s.assignment.compactMap { tp in s.positions[tp].map { (tp, $0) } } }
        let byLeader = try cluster.partitionsByLeader(positions.map(\.0))
        let offsetOf = Dictionary(uniqueKeysWithValues: positions)
        // With several leaders, ask each briefly so one idle broker does not hold up the others.
        let wait = byLeader.count == 1 ? waitMs : min(waitMs, 50)
        for (leader, partitions) in byLeader.sorted(by: { $0.key < $1.key }) {
            var byTopic: [String: [FetchRequest.Partition]] = [:]
            for tp in partitions {
                byTopic[tp.topic, default: []].append(.init(partition: tp.partition, fetchOffset: offsetOf[tp]!,
                                                            partitionMaxBytes: Defaults.partitionFetchBytesMax))
            }
            let request = FetchRequest(maxWaitMs: Int32(wait), minBytes: 1, maxBytes: Defaults.fetchBytesMax,
                                       topics: byTopic.sorted { $0.key < $1.key }.map { .init(topic: $0.key, partitions: $0.value) })
            let c = try fetchConnection(to: leader)
            let response = try c.roundTrip(request, expecting: FetchResponse.self, timeoutMs: wait + BrokerConnection.Limits.requestTimeoutMs)
            try ClientError.check(response.errorCode, "fetching from broker \(leader)")
            for t in response.responses {
                for p in t.partitions {
                    try absorb(p, of: TopicPartition(t.topic, p.partitionIndex), fetchOffset: offsetOf[TopicPartition(t.topic, p.partitionIndex)] ?? 0)
                }
            }
        }
    }

    private func absorb(_ p: FetchResponse.Partition, of tp: TopicPartition, fetchOffset: Int64) throws {
        switch ErrorCode(rawValue: p.errorCode) {
        case .none?:
            break
        case .offsetOutOfRange?:
            let reset = try OffsetLookup.offsets([tp], at: autoOffsetReset == .earliest ? .earliest : .latest, cluster: cluster)
            state.withLock { s in if s.positions[tp] == fetchOffset { s.positions[tp] = reset[tp] } }
            return
        case let code? where code.isRetriable:
            cluster.forget(topic: tp.topic)
            return
        default:
            try ClientError.check(p.errorCode, "fetching \(tp)")
        }
        guard case .bytes(let bytes)? = p.records, !bytes.isEmpty else { return }
        let decoded = try FetchDecoder.decode(bytes, partition: tp, fetchOffset: fetchOffset)
        state.withLock { s in
            guard s.positions[tp] == fetchOffset else { return }   // a seek or rebalance happened meanwhile
            s.buffered += decoded.records
            // Batches with nothing to hand out (control, or all before the offset) still move the position.
            if decoded.records.isEmpty, let next = decoded.nextOffset { s.positions[tp] = next }
        }
    }

    // MARK: Committing

    /// Commits the current positions of every assigned partition (the next offsets to read).
    public func commit() async throws {
        let offsets = state.withLock { s in s.positions.filter { s.assignment.contains($0.key) } }
        try await commit(offsets)
    }

    /// Commits the given next-offsets.
    public func commit(_ offsets: [TopicPartition: Int64]) async throws {
        guard let membership else { throw ClientError.usage("commit needs a group id") }
        try await offload { try membership.commit(offsets) }
    }

    /// The group's committed offsets for `partitions`.
    public func committed(_ partitions: [TopicPartition]) async throws -> [TopicPartition: Int64] {
        guard let membership else { throw ClientError.usage("committed offsets need a group id") }
        return try await offload { try membership.committedOffsets(partitions) }
    }

    /// Leaves the group (if any) and closes the connections.
    public func close() async {
        let connections: [BrokerConnection] = state.withLock { s in
            s.closed = true
            defer { s.fetchConnections = [:] }
            return Array(s.fetchConnections.values)
        }
        _ = try? await offload { [membership] in membership?.leave() }
        for c in connections { c.close() }
        cluster.close()
    }
}
