import Wire

/// SyncGroup, Heartbeat and LeaveGroup on one group.
extension ConsumerGroup {
    /// Checks shared by SyncGroup, Heartbeat and OffsetCommit: the member exists, its static
    /// instance id is not held by a newer member, and its generation is current.
    private func validate(memberId: String, instanceId: String?, generation: Int32) -> (GroupMember?, ErrorCode) {
        if state == .dead { return (nil, .coordinatorNotAvailable) }
        if let instanceId, let holder = staticMembers[instanceId], holder != memberId { return (nil, .fencedInstanceId) }
        guard let member = member(memberId), state != .empty else { return (nil, .unknownMemberId) }
        guard generation == self.generation else { return (member, .illegalGeneration) }
        return (member, .none)
    }

    func sync(memberId: String, instanceId: String?, generation: Int32, protocolType: String?, protocolName: String?,
              assignments: [String: [UInt8]], nowMs: Int64, completion: @escaping SyncCompletion) {
        locked {
            let (found, error) = validate(memberId: memberId, instanceId: instanceId, generation: generation)
            func answer(_ outcome: SyncOutcome) { outbox.append { completion(outcome) } }
            guard let member = found, error == .none else { return answer(SyncOutcome(error: error)) }
            if let protocolType, protocolType != self.protocolType { return answer(SyncOutcome(error: .inconsistentGroupProtocol)) }
            if let protocolName, protocolName != self.protocolName { return answer(SyncOutcome(error: .inconsistentGroupProtocol)) }
            member.touch(nowMs: nowMs)
            switch state {
            case .preparingRebalance:
                answer(SyncOutcome(error: .rebalanceInProgress))
            case .stable:
                answer(SyncOutcome(error: .none, protocolType: self.protocolType, protocolName: self.protocolName,
                                   assignment: member.assignment))
            case .completingRebalance:
                if let earlier = member.awaitingSync { outbox.append { earlier(SyncOutcome(error: .rebalanceInProgress)) } }
                member.awaitingSync = completion
                pendingSync.remove(memberId)
                if memberId == leaderId {
                    // Members the leader left out get an empty assignment (they will re-join).
                    for m in members { m.assignment = assignments[m.memberId] ?? [] }
                    state = .stable
                    syncDeadlineMs = nil
                    for m in members {
                        if let parked = m.awaitingSync {
                            let outcome = SyncOutcome(error: .none, protocolType: self.protocolType,
                                                      protocolName: self.protocolName, assignment: m.assignment)
                            outbox.append { parked(outcome) }
                        }
                        m.awaitingSync = nil
                    }
                    log("group \(groupId): generation \(generation) stable, rebalance took \(nowMs - rebalanceStartMs) ms")
                }
            case .empty, .dead:
                answer(SyncOutcome(error: .unknownMemberId))
            }
        }
    }

    func heartbeat(memberId: String, instanceId: String?, generation: Int32, nowMs: Int64) -> ErrorCode {
        locked {
            let (found, error) = validate(memberId: memberId, instanceId: instanceId, generation: generation)
            guard let member = found, error == .none else { return error }
            member.touch(nowMs: nowMs)
            return state == .preparingRebalance ? .rebalanceInProgress : .none
        }
    }

    /// One leaving member per entry (member id, or instance id for static members); one error each.
    func leave(_ leaving: [(memberId: String, instanceId: String?)], nowMs: Int64) -> [ErrorCode] {
        locked {
            leaving.map { entry -> ErrorCode in
                if state == .dead { return .coordinatorNotAvailable }
                var memberId = entry.memberId
                if let instanceId = entry.instanceId {
                    guard let holder = staticMembers[instanceId] else { return .unknownMemberId }
                    if !memberId.isEmpty && memberId != holder { return .fencedInstanceId }
                    memberId = holder
                }
                if pendingMembers.removeValue(forKey: memberId) != nil {
                    maybeCompleteJoin(nowMs: nowMs)
                    return .none
                }
                guard let member = member(memberId) else { return .unknownMemberId }
                remove(member, nowMs: nowMs, reason: "member \(memberId) left")
                return .none
            }
        }
    }

    /// OffsetCommit's membership rules: a "simple" commit (generation < 0, no member) only into an
    /// empty group; otherwise the member and generation must be current, and not mid-sync.
    /// A valid commit counts as a sign of life.
    func validateCommit(memberId: String, instanceId: String?, generation: Int32, nowMs: Int64) -> ErrorCode {
        lock.withLock {
            if state == .dead { return .coordinatorNotAvailable }
            if generation < 0 && memberId.isEmpty {
                return state == .empty ? .none : .unknownMemberId
            }
            let (found, error) = validate(memberId: memberId, instanceId: instanceId, generation: generation)
            guard let member = found, error == .none else { return error }
            if state == .completingRebalance { return .rebalanceInProgress }
            member.touch(nowMs: nowMs)
            return .none
        }
    }
}
