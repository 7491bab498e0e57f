import Wire

/// ListOffsets: the earliest (log start) and latest (high watermark) offsets of partitions,
/// asked of each partition's leader.
enum OffsetLookup {
    /// Kafka's special timestamps.
    enum Position: Int64 { case latest = -1, earliest = -2 }

    static func offsets(_ partitions: [TopicPartition], at position: Position, cluster: Cluster) throws -> [TopicPartition: Int64] {
        var result: [TopicPartition: Int64] = [:]
        for (leader, group) in try cluster.partitionsByLeader(partitions) {
            let c = try cluster.connection(to: leader)
            var byTopic: [String: [Int32]] = [:]
            for tp in group { byTopic[tp.topic, default: []].append(tp.partition) }
            let request = ListOffsetsRequest(replicaId: -1, topics: byTopic.map { topic, parts in
                ListOffsetsRequest.Topic(name: topic, partitions: parts.map { .init(partitionIndex: $0, timestamp: position.rawValue) })
            })
            let response = try c.roundTrip(request, expecting: ListOffsetsResponse.self)
            for t in response.topics {
                for p in t.partitions {
                    try ClientError.check(p.errorCode, "offsets of \(t.name)-\(p.partitionIndex)")
                    result[TopicPartition(t.name, p.partitionIndex)] = p.offset
                }
            }
        }
        return result
    }
}
