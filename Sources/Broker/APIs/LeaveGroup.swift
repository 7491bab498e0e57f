import Wire

/// LeaveGroup (key 13): v0–2 one member id, v3+ a batch of (member id, instance id).
enum LeaveGroupAPI {
    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        let req = try LeaveGroupRequest(from: &body, version: request.version)
        let batched = request.version >= 3
        let leaving: [(memberId: String, instanceId: String?)] =
            batched ? req.members.map { ($0.memberId, $0.groupInstanceId) } : [(req.memberId, nil)]
        let errors: [ErrorCode]
        if let group = request.broker.groups.group(req.groupId) {
            errors = group.leave(leaving, nowMs: monotonicNowMs())
        } else {
            errors = leaving.map { _ in req.groupId.isEmpty ? .invalidGroupId : .unknownMemberId }
        }
        var response = LeaveGroupResponse(throttleTimeMs: 0, errorCode: 0, members: [])
        if batched {
            response.members = zip(leaving, errors).map {
                LeaveGroupResponse.Member(memberId: $0.0.memberId, groupInstanceId: $0.0.instanceId, errorCode: $0.1.rawValue)
            }
        } else {
            response.errorCode = errors[0].rawValue
        }
        request.respond { response.encode(into: &$0, version: request.version) }
    }
}
