import Wire

/// Snapshots for DescribeGroups and ListGroups.
extension ConsumerGroup {
    /// Members carry their subscription and assignment only when the group is Stable, as Kafka does
    /// (mid-rebalance they are not meaningful).
    func describe() -> DescribeGroupsResponse.Group {
        locked {
            let stable = state == .stable
            return DescribeGroupsResponse.Group(
                errorCode: ErrorCode.none.rawValue, groupId: groupId, groupState: state.rawValue,
                protocolType: protocolType ?? "",
                protocolData: (state == .stable || state == .completingRebalance) ? (protocolName ?? "") : "",
                members: members.map { m in
                    DescribeGroupsResponse.Member(
                        memberId: m.memberId, groupInstanceId: m.instanceId, clientId: m.clientId, clientHost: m.clientHost,
                        memberMetadata: stable ? m.metadata(for: protocolName) : [],
                        memberAssignment: stable ? m.assignment : [])
                })
        }
    }

    var listing: ListGroupsResponse.Group {
        locked {
            ListGroupsResponse.Group(groupId: groupId, protocolType: protocolType ?? "", groupState: state.rawValue,
                                     groupType: "classic")
        }
    }
}
