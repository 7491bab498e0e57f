import Wire

/// OffsetForLeaderEpoch (key 23), v2–4. Every partition has had one leader epoch, 0, since it was
/// created (kafka-protocol-map §2.6): asking for epoch 0 gives (0, log end offset); any later epoch is
/// unknown, (-1, -1). A current-epoch check is fenced like Fetch's.
enum OffsetForLeaderEpochAPI {
    static let leaderEpoch: Int32 = 0

    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        let store = request.broker.store
        let req = try OffsetForLeaderEpochRequest(from: &body, version: request.version)
        let topics = req.topics.map { topic in
            OffsetForLeaderEpochResponse.Topic(topic: topic.topic, partitions: topic.partitions.map { wanted in
                var answer = OffsetForLeaderEpochResponse.Partition(errorCode: 0, partition: wanted.partition,
                                                                   leaderEpoch: -1, endOffset: -1)
                guard let log = store.partition(topic: topic.topic, index: Int(wanted.partition)) else {
                    answer.errorCode = ErrorCode.unknownTopicOrPartition.rawValue
                    return answer
                }
                if wanted.currentLeaderEpoch > leaderEpoch {
                    answer.errorCode = ErrorCode.unknownLeaderEpoch.rawValue
                } else if wanted.currentLeaderEpoch >= 0 && wanted.currentLeaderEpoch < leaderEpoch {
                    answer.errorCode = ErrorCode.fencedLeaderEpoch.rawValue
                } else if wanted.leaderEpoch == leaderEpoch {
                    (answer.leaderEpoch, answer.endOffset) = (leaderEpoch, log.logEndOffset)
                }
                return answer
            })
        }
        let response = OffsetForLeaderEpochResponse(throttleTimeMs: 0, topics: topics)
        request.respond { response.encode(into: &$0, version: request.version) }
    }
}
