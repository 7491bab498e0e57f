import Wire

/// Heartbeat (key 12), v0–4: keeps a member's session alive and tells it when to re-join.
enum HeartbeatAPI {
    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        let req = try HeartbeatRequest(from: &body, version: request.version)
        let error: ErrorCode
        if let group = request.broker.groups.group(req.groupId) {
            error = group.heartbeat(memberId: req.memberId, instanceId: request.version >= 3 ? req.groupInstanceId : nil,
                                    generation: req.generationId, nowMs: monotonicNowMs())
        } else {
            error = req.groupId.isEmpty ? .invalidGroupId : .unknownMemberId
        }
        let response = HeartbeatResponse(throttleTimeMs: 0, errorCode: error.rawValue)
        request.respond { response.encode(into: &$0, version: request.version) }
    }
}
