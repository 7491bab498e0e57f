import Wire

/// What Metadata says about one topic: its id and each partition's leader and replicas.
struct TopicLayout: Sendable {
    struct Partition: Sendable {
        var index: Int32
        var leader: Int32
        var replicas: [Int32]
        var inSyncReplicas: [Int32]
        var errorCode: Int16
    }

    var name: String
    var id: UUID16
    var isInternal: Bool
    /// Sorted by index.
    var partitions: [Partition]

    init(_ topic: MetadataResponse.Topic) {
        name = topic.name ?? ""
        id = topic.topicId
        isInternal = topic.isInternal
        partitions = topic.partitions.map {
            Partition(index: $0.partitionIndex, leader: $0.leaderId, replicas: $0.replicaNodes,
                      inSyncReplicas: $0.isrNodes, errorCode: $0.errorCode)
        }.sorted { $0.index < $1.index }
    }

    /// Every partition has a leader (a topic just created may not yet).
    var isReady: Bool { !partitions.isEmpty && partitions.allSatisfy { $0.leader >= 0 } }

    func leader(of partition: Int32) -> Int32? {
        partitions.first(where: { $0.index == partition }).map(\.leader).flatMap { $0 >= 0 ? $0 : nil }
    }
}
