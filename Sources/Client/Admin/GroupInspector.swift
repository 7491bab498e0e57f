import Wire

/// Builds a `GroupDescription` from DescribeGroups, OffsetFetch and ListOffsets.
enum GroupInspector {
    static func describe(_ groupId: String, cluster: Cluster) throws -> GroupDescription {
        let coordinator = try CoordinatorLookup.find(group: groupId, cluster: cluster)
        let c = try cluster.connection(to: coordinator.node)
        let described = try c.roundTrip(DescribeGroupsRequest(groups: [groupId]), expecting: DescribeGroupsResponse.self)
        guard let group = described.groups.first else { throw ClientError.protocolViolation("DescribeGroups answered no group") }
        try ClientError.check(group.errorCode, "describing group '\(groupId)'")

        var owner: [TopicPartition: String] = [:]
        let members = group.members.map { m -> GroupMemberDescription in
            let assignment = group.protocolType == "consumer" ? ((try? ConsumerProtocol.Assignment(decoding: m.memberAssignment))?.partitions ?? []) : []
            for tp in assignment { owner[tp] = m.memberId }
            return GroupMemberDescription(memberId: m.memberId, groupInstanceId: m.groupInstanceId, clientId: m.clientId,
                                          host: m.clientHost, assignment: assignment.sorted())
        }

        let committed = try committedOffsets(groupId, knownPartitions: Array(owner.keys), connection: c)
        let partitions = Set(committed.keys).union(owner.keys).sorted()
        let ends = partitions.isEmpty ? [:] : try OffsetLookup.offsets(partitions, at: .latest, cluster: cluster)
        let lags = partitions.map { tp -> GroupPartitionLag in
            let end = ends[tp] ?? -1
            let offset = committed[tp]
            return GroupPartitionLag(topic: tp.topic, partition: tp.partition, committedOffset: offset, highWatermark: end,
                                     lag: offset.map { max(end - $0, 0) }, memberId: owner[tp])
        }
        return GroupDescription(groupId: group.groupId, state: group.groupState, protocolType: group.protocolType,
                                assignmentProtocol: group.protocolData, coordinator: coordinator.node,
                                members: members.sorted { $0.memberId < $1.memberId }, partitions: lags)
    }

    /// Committed offsets of every partition the group has any (OffsetFetch v2+ with a null topic list);
    /// partitions without a commit are left out.
    static func committedOffsets(_ groupId: String, knownPartitions: [TopicPartition], connection c: BrokerConnection) throws -> [TopicPartition: Int64] {
        let version = try c.version(of: .offsetFetch)
        var request = OffsetFetchRequest(groupId: groupId, topics: nil)
        if version < 2 {   // v1 has no "all topics": ask for the assigned ones
            var byTopic: [String: [Int32]] = [:]
            for tp in knownPartitions { byTopic[tp.topic, default: []].append(tp.partition) }
            request.topics = byTopic.map { .init(name: $0.key, partitionIndexes: $0.value) }
        }
        let response = try c.roundTrip(request, expecting: OffsetFetchResponse.self)
        try ClientError.check(response.errorCode, "fetching committed offsets of group '\(groupId)'")
        var result: [TopicPartition: Int64] = [:]
        for t in response.topics {
            for p in t.partitions where p.errorCode == 0 && p.committedOffset >= 0 {
                result[TopicPartition(t.name, p.partitionIndex)] = p.committedOffset
            }
        }
        return result
    }
}
