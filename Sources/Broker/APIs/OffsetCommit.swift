import Wire

/// OffsetCommit (key 8), v2–9. Answered once the offset records are durable in `__consumer_offsets`.
enum OffsetCommitAPI {
    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        let req = try OffsetCommitRequest(from: &body, version: request.version)
        let version = request.version
        var entries: [GroupCoordinator.CommitEntry] = []
        for topic in req.topics {
            for p in topic.partitions {
                entries.append(.init(topic: topic.name, partition: p.partitionIndex, offset: p.committedOffset,
                                     leaderEpoch: version >= 6 ? p.committedLeaderEpoch : -1,
                                     metadata: p.committedMetadata ?? ""))
            }
        }
        // An unknown group with a real generation: Kafka answers ILLEGAL_GENERATION up to v8, GROUP_ID_NOT_FOUND from v9.
        let unknownGroup: ErrorCode = version >= 9 ? .groupIdNotFound : .illegalGeneration
        request.broker.groups.commitOffsets(
            groupId: req.groupId, memberId: req.memberId, instanceId: version >= 7 ? req.groupInstanceId : nil,
            generation: req.generationIdOrMemberEpoch, entries: entries, unknownGroupError: unknownGroup
        ) { errors in
            var index = 0
            let topics = req.topics.map { topic in
                OffsetCommitResponse.Topic(name: topic.name, partitions: topic.partitions.map { p in
                    defer { index += 1 }
                    return OffsetCommitResponse.Partition(partitionIndex: p.partitionIndex, errorCode: errors[index].rawValue)
                })
            }
            let response = OffsetCommitResponse(throttleTimeMs: 0, topics: topics)
            request.respond { response.encode(into: &$0, version: version) }
        }
    }
}
