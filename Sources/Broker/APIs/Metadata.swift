import Storage
import Wire

/// Metadata (key 3): the cluster is this one node, leader of every partition with a constant leader epoch 0
/// (clients ignore metadata whose epoch goes backwards, so it must never change).
enum MetadataAPI {
    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        let broker = request.broker
        let version = request.version
        let req = try MetadataRequest(from: &body, version: version)
        // v0 asks for all topics with an empty list; v1+ with a null one.
        let wantsAll = req.topics == nil || (version == 0 && req.topics!.isEmpty)
        let autoCreate = broker.config.autoCreateTopics && (version < 4 || req.allowAutoTopicCreation)

        var topics: [MetadataResponse.Topic] = []
        if wantsAll {
            topics = broker.store.topics.sorted { $0.name < $1.name }.map { describe($0, broker: broker) }
        } else {
            for requested in req.topics ?? [] {
                let name = requested.name ?? ""
                switch broker.lookupTopic(name, autoCreate: autoCreate) {
                case .found(let topic): topics.append(describe(topic, broker: broker))
                case .missing: topics.append(failed(name, .unknownTopicOrPartition))
                case .invalidName: topics.append(failed(name, .invalidTopicException))
                case .failed: topics.append(failed(name, .unknownServerError))
                }
            }
        }
        let address = broker.advertisedAddress
        let response = MetadataResponse(
            throttleTimeMs: 0,
            brokers: [.init(nodeId: broker.config.nodeId, host: address.host, port: Int32(address.port), rack: nil)],
            clusterId: broker.clusterId,
            controllerId: broker.config.nodeId,
            topics: topics)
        request.respond { response.encode(into: &$0, version: version) }
    }

    static func describe(_ topic: TopicMetadata, broker: Broker) -> MetadataResponse.Topic {
        let node = broker.config.nodeId
        return MetadataResponse.Topic(
            errorCode: ErrorCode.none.rawValue,
            name: topic.name,
            topicId: UUID16(bytes: topic.id) ?? .zero,
            isInternal: topic.name.hasPrefix("__"),
            partitions: (0..<topic.partitionCount).map { index in
                MetadataResponse.Partition(
                    errorCode: ErrorCode.none.rawValue, partitionIndex: Int32(index), leaderId: node,
                    leaderEpoch: 0, replicaNodes: [node], isrNodes: [node], offlineReplicas: [])
            },
            topicAuthorizedOperations: Int32.min)
    }

    static func failed(_ name: String, _ error: ErrorCode) -> MetadataResponse.Topic {
        MetadataResponse.Topic(errorCode: error.rawValue, name: name, topicId: .zero, isInternal: false,
                               partitions: [], topicAuthorizedOperations: Int32.min)
    }
}
