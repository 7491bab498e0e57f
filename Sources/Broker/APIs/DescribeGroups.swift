import Wire

/// DescribeGroups (key 15), v0–5. An unknown group is described as "Dead" with no error (v6 would
/// answer GROUP_ID_NOT_FOUND; we stop at v5).
enum DescribeGroupsAPI {
    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        let req = try DescribeGroupsRequest(from: &body, version: request.version)
        let groups = req.groups.map { id -> DescribeGroupsResponse.Group in
            if id.isEmpty { return DescribeGroupsResponse.Group(errorCode: ErrorCode.invalidGroupId.rawValue, groupId: id) }
            guard let group = request.broker.groups.group(id) else {
                return DescribeGroupsResponse.Group(errorCode: 0, groupId: id, groupState: GroupState.dead.rawValue)
            }
            return group.describe()
        }
        let response = DescribeGroupsResponse(throttleTimeMs: 0, groups: groups)
        request.respond { response.encode(into: &$0, version: request.version) }
    }
}
