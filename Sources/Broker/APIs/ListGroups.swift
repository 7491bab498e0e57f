import Wire

/// ListGroups (key 16), v0–5, with the v4 states filter and the v5 types filter (all ours are "classic").
enum ListGroupsAPI {
    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        let req = try ListGroupsRequest(from: &body, version: request.version)
        let states = Set(req.statesFilter.map { $0.lowercased() })
        let types = Set(req.typesFilter.map { $0.lowercased() })
        let groups = request.broker.groups.allGroups.map(\.listing)
            .filter { states.isEmpty || states.contains($0.groupState.lowercased()) }
            .filter { _ in types.isEmpty || types.contains("classic") }
            .sorted { $0.groupId < $1.groupId }
        let response = ListGroupsResponse(throttleTimeMs: 0, errorCode: 0, groups: groups)
        request.respond { response.encode(into: &$0, version: request.version) }
    }
}
