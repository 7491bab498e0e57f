import Wire

/// SyncGroup (key 14), v0–5. Followers' answers wait for the leader's assignment.
enum SyncGroupAPI {
    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        let req = try SyncGroupRequest(from: &body, version: request.version)
        guard let group = request.broker.groups.group(req.groupId) else {
            return answer(request, SyncOutcome(error: req.groupId.isEmpty ? .invalidGroupId : .unknownMemberId))
        }
        var assignments: [String: [UInt8]] = [:]
        for a in req.assignments { assignments[a.memberId] = a.assignment }
        group.sync(memberId: req.memberId, instanceId: request.version >= 3 ? req.groupInstanceId : nil,
                   generation: req.generationId,
                   protocolType: request.version >= 5 ? req.protocolType : nil,
                   protocolName: request.version >= 5 ? req.protocolName : nil,
                   assignments: assignments, nowMs: monotonicNowMs()) { outcome in answer(request, outcome) }
    }

    static func answer(_ request: RequestContext, _ outcome: SyncOutcome) {
        let response = SyncGroupResponse(throttleTimeMs: 0, errorCode: outcome.error.rawValue,
                                         protocolType: outcome.protocolType, protocolName: outcome.protocolName,
                                         assignment: outcome.assignment)
        request.respond { response.encode(into: &$0, version: request.version) }
    }
}
