import Wire

/// DeleteGroups (key 42), v0–2: only empty groups; answered once the offsets' tombstones are durable.
enum DeleteGroupsAPI {
    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        let req = try DeleteGroupsRequest(from: &body, version: request.version)
        let version = request.version
        request.broker.groups.deleteGroups(req.groupsNames) { errors in
            let response = DeleteGroupsResponse(throttleTimeMs: 0, results: zip(req.groupsNames, errors).map {
                DeleteGroupsResponse.GroupResult(groupId: $0.0, errorCode: $0.1.rawValue)
            })
            request.broker.logger.info("deleted group(s) \(zip(req.groupsNames, errors).filter { $0.1 == .none }.map(\.0))")
            request.respond { response.encode(into: &$0, version: version) }
        }
    }
}
