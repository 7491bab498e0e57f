import Flow
import Wire

/// One classic consumer group: membership, the rebalance state machine, and committed offsets.
/// Every method takes the group's own lock; answers to parked requests (and anything else that
/// leaves the group) are queued in `outbox` and run after the lock is released, so a Responder
/// is never called with a group lock held. Time is passed in (`nowMs`, monotonic) so tests can
/// drive it.
final class ConsumerGroup: @unchecked Sendable {
    let groupId: String
    let config: GroupConfig
    let log: (String) -> Void
    let lock = Monitor()

    // Guarded by `lock`.
    var state = GroupState.empty
    var generation: Int32 = 0
    var protocolType: String?
    var protocolName: String?
    var leaderId: String?
    /// Members in join order (the first joiner leads when no leader carries over).
    var members: [GroupMember] = []
    /// Ids handed out with MEMBER_ID_REQUIRED, not yet joined with, and when they lapse.
    var pendingMembers: [String: Int64] = [:]
    /// group.instance.id → member id of the static member holding it.
    var staticMembers: [String: String] = [:]
    /// Members of the new generation that have not sent SyncGroup yet.
    var pendingSync: Set<String> = []
    var joinDeadlineMs: Int64?
    var initialDelayEndMs: Int64?
    var syncDeadlineMs: Int64?
    var rebalanceStartMs: Int64 = 0
    var offsets: [TopicPartition: CommittedOffset] = [:]
    var outbox: [() -> Void] = []

    init(groupId: String, config: GroupConfig, log: @escaping (String) -> Void = { _ in }) {
        self.groupId = groupId
        self.config = config
        self.log = log
    }

    /// Runs `body` under the lock, then the answers it queued.
    func locked<R>(_ body: () -> R) -> R {
        let (result, effects) = lock.withLock { () -> (R, [() -> Void]) in
            let result = body()
            defer { outbox.removeAll() }
            return (result, outbox)
        }
        for effect in effects { effect() }
        return result
    }

    func member(_ id: String) -> GroupMember? { members.first { $0.memberId == id } }

    // MARK: JoinGroup

    func join(_ request: JoinRequestInfo, nowMs: Int64, completion: @escaping JoinCompletion) {
        locked {
            func fail(_ error: ErrorCode, memberId: String = request.memberId) {
                outbox.append { completion(JoinOutcome(error: error, memberId: memberId)) }
            }
            if state == .dead { return fail(.coordinatorNotAvailable) }
            guard (config.sessionTimeoutMsMin...config.sessionTimeoutMsMax).contains(request.sessionTimeoutMs) else {
                return fail(.invalidSessionTimeout)
            }
            guard supports(request.protocolType, request.protocols) else { return fail(.inconsistentGroupProtocol) }

            if request.memberId.isEmpty {
                if let instanceId = request.instanceId {
                    if let current = staticMembers[instanceId], let existing = member(current) {
                        replaceStaticMember(existing, request, nowMs: nowMs, completion: completion)
                    } else {
                        addMember(MemberIds.make(prefix: instanceId), request, nowMs: nowMs, completion: completion)
                    }
                } else if request.requiresKnownMemberId {
                    let id = MemberIds.make(prefix: request.clientId)
                    pendingMembers[id] = nowMs + Int64(request.sessionTimeoutMs)
                    fail(.memberIdRequired, memberId: id)
                } else {
                    addMember(MemberIds.make(prefix: request.clientId), request, nowMs: nowMs, completion: completion)
                }
                return
            }
            if let instanceId = request.instanceId, let holder = staticMembers[instanceId], holder != request.memberId {
                return fail(.fencedInstanceId)
            }
            if pendingMembers.removeValue(forKey: request.memberId) != nil {
                addMember(request.memberId, request, nowMs: nowMs, completion: completion)
                return
            }
            guard let existing = member(request.memberId), state != .empty else { return fail(.unknownMemberId) }
            rejoin(existing, request, nowMs: nowMs, completion: completion)
        }
    }

    /// An empty group takes any protocol type; otherwise the type must match and the member must
    /// share at least one protocol with every current member.
    private func supports(_ type: String, _ protocols: [MemberProtocol]) -> Bool {
        guard !type.isEmpty, !protocols.isEmpty else { return false }
        if members.isEmpty { return true }
        guard type == protocolType else { return false }
        let offered = Set(protocols.map(\.name))
        return !commonProtocols().isDisjoint(with: offered)
    }

    private func commonProtocols(of group: [GroupMember]? = nil) -> Set<String> {
        let group = group ?? members
        guard let first = group.first else { return [] }
        var common = Set(first.protocols.map(\.name))
        for member in group.dropFirst() { common.formIntersection(member.protocols.map(\.name)) }
        return common
    }

    private func addMember(_ id: String, _ request: JoinRequestInfo, nowMs: Int64, completion: @escaping JoinCompletion) {
        let member = GroupMember(memberId: id, request: request, nowMs: nowMs)
        member.awaitingJoin = completion
        if members.isEmpty { protocolType = request.protocolType }
        members.append(member)
        if let instanceId = request.instanceId { staticMembers[instanceId] = id }
        if state == .preparingRebalance {
            maybeCompleteJoin(nowMs: nowMs)
        } else {
            prepareRebalance(nowMs: nowMs, reason: "member \(id) joined")
        }
    }

    private func rejoin(_ member: GroupMember, _ request: JoinRequestInfo, nowMs: Int64, completion: @escaping JoinCompletion) {
        let unchanged = member.protocols == request.protocols && member.protocolType == request.protocolType
        member.touch(nowMs: nowMs)
        switch state {
        case .preparingRebalance:
            park(member, request, completion)
            maybeCompleteJoin(nowMs: nowMs)
        case .completingRebalance where unchanged:
            let outcome = joinOutcome(for: member)
            outbox.append { completion(outcome) }
        case .stable where unchanged && member.memberId != leaderId:
            let outcome = joinOutcome(for: member)
            outbox.append { completion(outcome) }
        case .completingRebalance, .stable:
            park(member, request, completion)
            prepareRebalance(nowMs: nowMs, reason: "member \(member.memberId) re-joined")
        case .empty, .dead:
            outbox.append { completion(JoinOutcome(error: .unknownMemberId, memberId: request.memberId)) }
        }
    }

    private func park(_ member: GroupMember, _ request: JoinRequestInfo, _ completion: @escaping JoinCompletion) {
        if let earlier = member.awaitingJoin {
            // A client does not send two JoinGroups at once; if one did, the older must still be answered.
            outbox.append { earlier(JoinOutcome(error: .rebalanceInProgress, memberId: member.memberId)) }
        }
        member.update(from: request)
        member.awaitingJoin = completion
    }

    /// A static member came back with an empty member id (a restart): it gets a new id and the old
    /// one is fenced. In a stable group with an unchanged subscription it keeps its assignment and
    /// nobody else rebalances.
    private func replaceStaticMember(_ member: GroupMember, _ request: JoinRequestInfo, nowMs: Int64,
                                     completion: @escaping JoinCompletion) {
        let oldId = member.memberId
        let newId = MemberIds.make(prefix: request.instanceId!)
        if let join = member.awaitingJoin { outbox.append { join(JoinOutcome(error: .fencedInstanceId, memberId: oldId)) } }
        if let sync = member.awaitingSync { outbox.append { sync(SyncOutcome(error: .fencedInstanceId)) } }
        member.awaitingJoin = nil
        member.awaitingSync = nil
        member.memberId = newId
        staticMembers[request.instanceId!] = newId
        if leaderId == oldId { leaderId = newId }
        if pendingSync.remove(oldId) != nil { pendingSync.insert(newId) }
        let unchanged = member.protocols == request.protocols && member.protocolType == request.protocolType
        member.touch(nowMs: nowMs)
        switch state {
        case .stable where unchanged:
            member.update(from: request)
            let outcome = joinOutcome(for: member)
            outbox.append { completion(outcome) }
            log("group \(groupId): static member \(request.instanceId!) re-joined as \(newId), generation \(generation) kept")
        case .preparingRebalance:
            member.update(from: request)
            member.awaitingJoin = completion
            maybeCompleteJoin(nowMs: nowMs)
        default:
            member.update(from: request)
            member.awaitingJoin = completion
            prepareRebalance(nowMs: nowMs, reason: "static member \(request.instanceId!) re-joined")
        }
    }

    // MARK: rebalance

    func prepareRebalance(nowMs: Int64, reason: String) {
        if state == .completingRebalance {
            // The assignment of the generation being synced is void: parked SyncGroups learn so.
            for member in members {
                if let sync = member.awaitingSync { outbox.append { sync(SyncOutcome(error: .rebalanceInProgress)) } }
                member.awaitingSync = nil
                member.assignment = []
            }
            pendingSync = []
            syncDeadlineMs = nil
        }
        let wasEmpty = state == .empty
        state = .preparingRebalance
        rebalanceStartMs = nowMs
        let rebalanceMs = Int64(members.map { max($0.rebalanceTimeoutMs, $0.sessionTimeoutMs) }.max() ?? 0)
        joinDeadlineMs = nowMs + rebalanceMs
        if wasEmpty && config.initialRebalanceDelayMs > 0 {
            initialDelayEndMs = nowMs + min(config.initialRebalanceDelayMs, rebalanceMs)
        }
        log("group \(groupId): preparing rebalance (generation \(generation)): \(reason)")
        maybeCompleteJoin(nowMs: nowMs)
    }

    /// The join phase ends when every member has re-joined and no id handed out is still unused.
    func maybeCompleteJoin(nowMs: Int64) {
        guard state == .preparingRebalance else { return }
        if let end = initialDelayEndMs {
            guard nowMs >= end else { return }
            initialDelayEndMs = nil
        }
        if members.allSatisfy({ $0.awaitingJoin != nil }) && pendingMembers.isEmpty {
            completeJoin(nowMs: nowMs)
        }
    }

    /// Starts the next generation with the members that re-joined; the others are dropped.
    func completeJoin(nowMs: Int64) {
        for straggler in members where straggler.awaitingJoin == nil {
            log("group \(groupId): member \(straggler.memberId) did not re-join in time; removed")
            if let instanceId = straggler.instanceId { staticMembers[instanceId] = nil }
        }
        members.removeAll { $0.awaitingJoin == nil }
        joinDeadlineMs = nil
        initialDelayEndMs = nil
        generation += 1
        guard !members.isEmpty else {
            state = .empty
            protocolName = nil
            leaderId = nil
            log("group \(groupId): generation \(generation) is empty")
            return
        }
        state = .completingRebalance
        protocolName = selectProtocol()
        if leaderId.flatMap(member) == nil { leaderId = members[0].memberId }
        pendingSync = Set(members.map(\.memberId))
        let rebalanceMs = Int64(members.map { max($0.rebalanceTimeoutMs, $0.sessionTimeoutMs) }.max() ?? 0)
        syncDeadlineMs = nowMs + rebalanceMs
        for member in members {
            let outcome = joinOutcome(for: member)
            let completion = member.awaitingJoin!
            member.awaitingJoin = nil
            member.touch(nowMs: nowMs)
            outbox.append { completion(outcome) }
        }
        log("group \(groupId): generation \(generation) with \(members.count) member(s), protocol "
            + "\(protocolName ?? "-"), leader \(leaderId ?? "-"), join phase \(nowMs - rebalanceStartMs) ms")
    }

    /// Each member votes for the first protocol in its own preference order that every member
    /// supports; the most votes win (ties: the earliest in the first member's order).
    func selectProtocol() -> String? {
        let candidates = commonProtocols()
        var votes: [String: Int] = [:]
        for member in members {
            if let choice = member.protocols.first(where: { candidates.contains($0.name) }) {
                votes[choice.name, default: 0] += 1
            }
        }
        let order = members.first?.protocols.map(\.name) ?? []
        return order.filter { votes[$0] != nil }.max { a, b in
            votes[a]! != votes[b]! ? votes[a]! < votes[b]! : order.firstIndex(of: a)! > order.firstIndex(of: b)!
        }
    }

    func joinOutcome(for member: GroupMember) -> JoinOutcome {
        var outcome = JoinOutcome(error: .none, generation: generation, protocolType: protocolType,
                                  protocolName: protocolName, leaderId: leaderId ?? "", memberId: member.memberId)
        if member.memberId == leaderId {
            outcome.members = members.map { ($0.memberId, $0.instanceId, $0.metadata(for: protocolName)) }
        }
        return outcome
    }

    // MARK: leaving and expiry

    /// Removes a member (LeaveGroup, session expiry) and starts a rebalance if it belonged to a generation.
    func remove(_ member: GroupMember, nowMs: Int64, reason: String) {
        members.removeAll { $0 === member }
        if let instanceId = member.instanceId, staticMembers[instanceId] == member.memberId { staticMembers[instanceId] = nil }
        pendingSync.remove(member.memberId)
        if let join = member.awaitingJoin { outbox.append { join(JoinOutcome(error: .unknownMemberId, memberId: member.memberId)) } }
        if let sync = member.awaitingSync { outbox.append { sync(SyncOutcome(error: .unknownMemberId)) } }
        member.awaitingJoin = nil
        member.awaitingSync = nil
        if leaderId == member.memberId { leaderId = nil }
        switch state {
        case .stable, .completingRebalance: prepareRebalance(nowMs: nowMs, reason: reason)
        case .preparingRebalance: maybeCompleteJoin(nowMs: nowMs)
        case .empty, .dead: break
        }
    }

    /// Enforces every deadline that has passed: unused member ids, sessions, the join and sync phases.
    func tick(nowMs: Int64) {
        locked {
            guard state != .dead else { return }
            let lapsed = pendingMembers.filter { $0.value <= nowMs }.map(\.key)
            for id in lapsed { pendingMembers[id] = nil }
            for member in members where member.sessionDeadlineMs <= nowMs
                && member.awaitingJoin == nil && member.awaitingSync == nil {
                log("group \(groupId): session of member \(member.memberId) expired")
                remove(member, nowMs: nowMs, reason: "session of \(member.memberId) expired")
            }
            if !lapsed.isEmpty { maybeCompleteJoin(nowMs: nowMs) }
            if state == .preparingRebalance {
                if let end = initialDelayEndMs, nowMs >= end { maybeCompleteJoin(nowMs: nowMs) }
                if state == .preparingRebalance, let deadline = joinDeadlineMs, nowMs >= deadline { completeJoin(nowMs: nowMs) }
            }
            if state == .completingRebalance, let deadline = syncDeadlineMs, nowMs >= deadline {
                for member in members where pendingSync.contains(member.memberId) {
                    remove(member, nowMs: nowMs, reason: "member \(member.memberId) did not send SyncGroup in time")
                }
            }
        }
    }
}
