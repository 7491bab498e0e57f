import Wire

/// OffsetFetch (key 9), v1–7. A partition without a commit answers offset -1, empty metadata, no error;
/// v2+ with null topics answers every committed partition of the group.
enum OffsetFetchAPI {
    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        let req = try OffsetFetchRequest(from: &body, version: request.version)
        var response = OffsetFetchResponse(throttleTimeMs: 0, topics: [], errorCode: 0)
        if req.groupId.isEmpty {
            response.errorCode = ErrorCode.invalidGroupId.rawValue
        } else {
            let wanted = req.topics.map { $0.map { (name: $0.name, partitions: $0.partitionIndexes) } }
            let found = request.broker.groups.fetchOffsets(groupId: req.groupId, topics: wanted)
            response.topics = found.map { topic in
                OffsetFetchResponse.Topic(name: topic.topic, partitions: topic.partitions.map { index, committed in
                    OffsetFetchResponse.Partition(partitionIndex: index, committedOffset: committed?.offset ?? -1,
                                                  committedLeaderEpoch: committed?.leaderEpoch ?? -1,
                                                  metadata: committed?.metadata ?? "", errorCode: 0)
                })
            }
        }
        request.respond { response.encode(into: &$0, version: request.version) }
    }
}
