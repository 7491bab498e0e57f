import Wire

/// JoinGroup (key 11), v0–9. The answer is usually deferred: it is sent when the join phase of the
/// rebalance completes, from whichever thread completes it (another member's join or the ticker).
enum JoinGroupAPI {
    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        let req = try JoinGroupRequest(from: &body, version: request.version)
        let version = request.version
        guard !req.groupId.isEmpty else { return answer(request, JoinOutcome(error: .invalidGroupId, memberId: req.memberId)) }
        let info = JoinRequestInfo(
            memberId: req.memberId, instanceId: version >= 5 ? req.groupInstanceId : nil,
            clientId: request.header.clientId ?? "", clientHost: "/" + request.connection.peerAddress,
            sessionTimeoutMs: req.sessionTimeoutMs,
            // v0 has no rebalance timeout: the session timeout stands in, as in Kafka.
            rebalanceTimeoutMs: version >= 1 ? req.rebalanceTimeoutMs : req.sessionTimeoutMs,
            protocolType: req.protocolType,
            protocols: req.protocols.map { MemberProtocol(name: $0.name, metadata: $0.metadata) },
            requiresKnownMemberId: version >= 4)
        let group = request.broker.groups.groupOrCreate(req.groupId)
        group.join(info, nowMs: monotonicNowMs()) { outcome in answer(request, outcome) }
    }

    static func answer(_ request: RequestContext, _ outcome: JoinOutcome) {
        let response = JoinGroupResponse(
            throttleTimeMs: 0, errorCode: outcome.error.rawValue, generationId: outcome.generation,
            protocolType: outcome.protocolType, protocolName: outcome.protocolName, leader: outcome.leaderId,
            skipAssignment: false, memberId: outcome.memberId,
            members: outcome.members.map { JoinGroupResponse.Member(memberId: $0.memberId, groupInstanceId: $0.instanceId, metadata: $0.metadata) })
        request.respond { response.encode(into: &$0, version: request.version) }
    }
}
