import Flow
import Dispatch
import Wire

/// A consumer's membership in a classic group: FindCoordinator, JoinGroup (with the MEMBER_ID_REQUIRED
/// second round), SyncGroup (the leader computes the range assignment), Heartbeat on a timer,
/// OffsetFetch/OffsetCommit, LeaveGroup. All calls block; the consumer runs them off its callers' tasks.
final class GroupMembership: @unchecked Sendable {
    struct Settings {
        var sessionTimeoutMs: Int32 = 10_000
        var rebalanceTimeoutMs: Int32 = 30_000
        /// Kafka's default is a third of the session timeout.
        var heartbeatIntervalMs: Int = 3_000
        var joinAttemptsMax = 30
    }

    static let protocolType = "consumer"

    let groupId: String
    let settings: Settings
    private let cluster: Cluster
    private struct State {
        var coordinator: BrokerConnection?
        var memberId = ""
        var generationId: Int32 = -1
        /// Set by a heartbeat that learned of a rebalance; the next poll rejoins.
        var needsRejoin = true
        var heartbeat: DispatchSourceTimer?
    }
    private let state = Locked(State())
    private let heartbeatQueue = DispatchQueue(label: "ringlog.consumer.heartbeat")

    init(groupId: String, cluster: Cluster, settings: Settings = Settings()) {
        self.groupId = groupId
        self.cluster = cluster
        self.settings = settings
    }

    var needsRejoin: Bool { state.withLock { $0.needsRejoin } }
    var memberId: String { state.withLock { $0.memberId } }
    var generationId: Int32 { state.withLock { $0.generationId } }

    func requestRejoin() { state.withLock { $0.needsRejoin = true } }

    // MARK: Coordinator

    private func coordinator() throws -> BrokerConnection {
        if let c = state.withLock({ $0.coordinator }), !c.isBroken { return c }
        let found = try CoordinatorLookup.find(group: groupId, cluster: cluster)
        // Its own connection: JoinGroup may wait a whole rebalance, and must not hold up other requests.
        let c = try cluster.openConnection(to: found.address)
        state.withLock { $0.coordinator = c }
        return c
    }

    private func dropCoordinator() {
        let old: BrokerConnection? = state.withLock { s in defer { s.coordinator = nil }; return s.coordinator }
        old?.close()
    }

    // MARK: Joining

    /// Joins (or rejoins) the group subscribed to `topics`; returns this member's assignment.
    func join(topics: [String]) throws -> [TopicPartition] {
        stopHeartbeats()
        let subscription = ConsumerProtocol.Subscription(topics: topics.sorted()).encoded(version: 1)
        var attempt = 0
        while true {
            attempt += 1
            if attempt > settings.joinAttemptsMax { throw ClientError.timedOut("joining group '\(groupId)'") }
            let c: BrokerConnection
            do { c = try coordinator() } catch let e as ClientError where Self.isTransient(e) {
                sleepMs(Cluster.Limits.retryBackoffMs); continue
            }
            let memberId = self.memberId
            let request = JoinGroupRequest(groupId: groupId, sessionTimeoutMs: settings.sessionTimeoutMs,
                                           rebalanceTimeoutMs: settings.rebalanceTimeoutMs, memberId: memberId,
                                           protocolType: Self.protocolType,
                                           protocols: [.init(name: RangeAssignor.name, metadata: subscription)])
            let joined: JoinGroupResponse
            do {
                joined = try c.roundTrip(request, expecting: JoinGroupResponse.self,
                                         timeoutMs: Int(settings.rebalanceTimeoutMs) + BrokerConnection.Limits.requestTimeoutMs)
            } catch let e as ClientError where Self.isTransient(e) {
                dropCoordinator(); continue
            }
            switch ErrorCode(rawValue: joined.errorCode) {
            case .none?: break
            case .memberIdRequired?:
                // KIP-394: the broker names us, and we must ask again with that id.
                state.withLock { $0.memberId = joined.memberId }
                continue
            case .unknownMemberId?, .illegalGeneration?:
                state.withLock { $0.memberId = ""; $0.generationId = -1 }
                continue
            case .rebalanceInProgress?:
                continue
            case .notCoordinator?, .coordinatorNotAvailable?, .coordinatorLoadInProgress?:
                dropCoordinator(); sleepMs(Cluster.Limits.retryBackoffMs); continue
            default:
                try ClientError.check(joined.errorCode, "joining group '\(groupId)'")
            }
            state.withLock { $0.memberId = joined.memberId; $0.generationId = joined.generationId }

            let assignments = joined.leader == joined.memberId ? try computeAssignments(joined.members) : []
            let sync = SyncGroupRequest(groupId: groupId, generationId: joined.generationId, memberId: joined.memberId,
                                        protocolType: Self.protocolType, protocolName: joined.protocolName ?? RangeAssignor.name,
                                        assignments: assignments)
            let synced: SyncGroupResponse
            do {
                synced = try c.roundTrip(sync, expecting: SyncGroupResponse.self,
                                         timeoutMs: Int(settings.rebalanceTimeoutMs) + BrokerConnection.Limits.requestTimeoutMs)
            } catch let e as ClientError where Self.isTransient(e) {
                dropCoordinator(); continue
            }
            switch ErrorCode(rawValue: synced.errorCode) {
            case .none?: break
            case .rebalanceInProgress?: continue
            case .unknownMemberId?, .illegalGeneration?:
                state.withLock { $0.memberId = ""; $0.generationId = -1 }
                continue
            case .notCoordinator?, .coordinatorNotAvailable?:
                dropCoordinator(); continue
            default:
                try ClientError.check(synced.errorCode, "syncing group '\(groupId)'")
            }
            let assignment = try ConsumerProtocol.Assignment(decoding: synced.assignment)
            state.withLock { $0.needsRejoin = false }
            startHeartbeats()
            return assignment.partitions
        }
    }

    /// The leader's job: decode every member's subscription and cut the partitions into ranges.
    private func computeAssignments(_ members: [JoinGroupResponse.Member]) throws -> [SyncGroupRequest.Assignment] {
        var subscribers: [RangeAssignor.Member] = []
        for m in members {
            let subscription = try ConsumerProtocol.Subscription(decoding: m.metadata)
            subscribers.append(.init(memberId: m.memberId, groupInstanceId: m.groupInstanceId, topics: subscription.topics))
        }
        var counts: [String: Int] = [:]
        for topic in Set(subscribers.flatMap(\.topics)) {
            if let layout = try? cluster.layout(of: topic, refresh: true) { counts[topic] = layout.partitions.count }
        }
        return RangeAssignor.assign(members: subscribers, partitionCounts: counts).sorted { $0.key < $1.key }.map {
            SyncGroupRequest.Assignment(memberId: $0.key, assignment: ConsumerProtocol.Assignment(partitions: $0.value).encoded(version: 0))
        }
    }

    private static func isTransient(_ error: ClientError) -> Bool {
        switch error {
        case .connectionLost, .timedOut: return true
        case .broker(let code, _, _, _): return code?.isRetriable ?? false
        default: return false
        }
    }

    // MARK: Heartbeats

    private func startHeartbeats() {
        let timer = DispatchSource.makeTimerSource(queue: heartbeatQueue)
        let interval = settings.heartbeatIntervalMs
        timer.schedule(deadline: .now() + .milliseconds(interval), repeating: .milliseconds(interval))
        timer.setEventHandler { [weak self] in self?.heartbeatOnce() }
        let old: DispatchSourceTimer? = state.withLock { s in defer { s.heartbeat = timer }; return s.heartbeat }
        old?.cancel()
        timer.resume()
    }

    func stopHeartbeats() {
        let old: DispatchSourceTimer? = state.withLock { s in defer { s.heartbeat = nil }; return s.heartbeat }
        old?.cancel()
        // Wait out a heartbeat already running, so none is sent after this returns.
        heartbeatQueue.sync {}
    }

    private func heartbeatOnce() {
        let (memberId, generation) = state.withLock { ($0.memberId, $0.generationId) }
        guard !memberId.isEmpty, let c = try? coordinator() else { return }
        guard let response = try? c.roundTrip(HeartbeatRequest(groupId: groupId, generationId: generation, memberId: memberId),
                                              expecting: HeartbeatResponse.self) else { return }
        switch ErrorCode(rawValue: response.errorCode) {
        case .none?: break
        case .unknownMemberId?, .illegalGeneration?, .fencedInstanceId?:
            state.withLock { $0.memberId = ""; $0.generationId = -1; $0.needsRejoin = true }
        case .notCoordinator?, .coordinatorNotAvailable?:
            dropCoordinator()
            state.withLock { $0.needsRejoin = true }
        default:
            state.withLock { $0.needsRejoin = true }   // REBALANCE_IN_PROGRESS and anything unexpected
        }
    }

    // MARK: Offsets

    /// The group's committed offsets for `partitions` (absent: nothing committed).
    func committedOffsets(_ partitions: [TopicPartition]) throws -> [TopicPartition: Int64] {
        guard !partitions.isEmpty else { return [:] }
        let c = try coordinator()
        var byTopic: [String: [Int32]] = [:]
        for tp in partitions { byTopic[tp.topic, default: []].append(tp.partition) }
        let request = OffsetFetchRequest(groupId: groupId, topics: byTopic.sorted { $0.key < $1.key }.map { .init(name: $0.key, partitionIndexes: $0.value) })
        let response = try c.roundTrip(request, expecting: OffsetFetchResponse.self)
        try ClientError.check(response.errorCode, "fetching committed offsets of group '\(groupId)'")
        var result: [TopicPartition: Int64] = [:]
        for t in response.topics {
            for p in t.partitions {
                try ClientError.check(p.errorCode, "fetching the committed offset of \(t.name)-\(p.partitionIndex)")
                if p.committedOffset >= 0 { result[TopicPartition(t.name, p.partitionIndex)] = p.committedOffset }
            }
        }
        return result
    }

    /// Commits `offsets` (the next offset to read, per partition) under the current generation.
    func commit(_ offsets: [TopicPartition: Int64]) throws {
        guard !offsets.isEmpty else { return }
        let c = try coordinator()
        let (memberId, generation) = state.withLock { ($0.memberId, $0.generationId) }
        var byTopic: [String: [OffsetCommitRequest.Partition]] = [:]
        for (tp, offset) in offsets { byTopic[tp.topic, default: []].append(.init(partitionIndex: tp.partition, committedOffset: offset, committedMetadata: "")) }
        let request = OffsetCommitRequest(groupId: groupId, generationIdOrMemberEpoch: generation, memberId: memberId,
                                          topics: byTopic.sorted { $0.key < $1.key }.map { .init(name: $0.key, partitions: $0.value) })
        let response = try c.roundTrip(request, expecting: OffsetCommitResponse.self)
        for t in response.topics {
            for p in t.partitions where p.errorCode != 0 {
                let code = ErrorCode(rawValue: p.errorCode)
                if code == .rebalanceInProgress || code == .illegalGeneration || code == .unknownMemberId { requestRejoin() }
                try ClientError.check(p.errorCode, "committing \(t.name)-\(p.partitionIndex) for group '\(groupId)'")
            }
        }
    }

    /// Leaves the group so the others rebalance at once instead of after the session timeout.
    func leave() {
        stopHeartbeats()
        let memberId = self.memberId
        defer { dropCoordinator() }
        guard !memberId.isEmpty, let c = state.withLock({ $0.coordinator }) else { return }
        // v0-2 name the member in memberId; v3+ in the members list. Fill both; each version encodes its own.
        let request = LeaveGroupRequest(groupId: groupId, memberId: memberId, members: [.init(memberId: memberId)])
        _ = try? c.roundTrip(request, expecting: LeaveGroupResponse.self)
        state.withLock { $0.memberId = ""; $0.generationId = -1; $0.needsRejoin = true }
    }
}
