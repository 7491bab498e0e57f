import Storage
import Wire

/// CreateTopics (key 19). One node: a replication factor above 1 cannot be honoured, so it is refused
/// as Kafka refuses it (INVALID_REPLICATION_FACTOR); -1 means the broker default for either count.
enum CreateTopicsAPI {
    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        let broker = request.broker
        let req = try CreateTopicsRequest(from: &body, version: request.version)
        let results = req.topics.map { topic -> CreateTopicsResponse.Topic in
            var result = CreateTopicsResponse.Topic(name: topic.name)
            let partitions = topic.numPartitions == -1 ? broker.config.defaultPartitionCount : Int(topic.numPartitions)
            let configs = Dictionary(topic.configs.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
            if !topic.assignments.isEmpty {
                result.fail(.invalidRequest, "manual replica assignment is not supported on a single node")
            } else if partitions < 1 {
                result.fail(.invalidPartitions, "number of partitions must be at least 1")
            } else if topic.replicationFactor > 1 {
                result.fail(.invalidReplicationFactor, "replication factor \(topic.replicationFactor) is larger than the 1 broker available")
            } else if broker.store.topic(named: topic.name) != nil {
                result.fail(.topicAlreadyExists, "topic '\(topic.name)' already exists")
            } else if req.validateOnly {
                result.describe(partitions: partitions, configs: configs)
            } else {
                do {
                    let created = try broker.store.createTopic(name: topic.name, partitionCount: partitions, configs: configs)
                    broker.logger.info("created topic \(topic.name) with \(partitions) partition(s)")
                    result.topicId = UUID16(bytes: created.id) ?? .zero
                    result.describe(partitions: partitions, configs: configs)
                } catch StorageError.topicExists {
                    result.fail(.topicAlreadyExists, "topic '\(topic.name)' already exists")
                } catch StorageError.invalidTopic(let reason) {
                    result.fail(.invalidTopicException, reason)
                } catch {
                    result.fail(.invalidConfig, "\(error)")
                }
            }
            return result
        }
        let response = CreateTopicsResponse(throttleTimeMs: 0, topics: results)
        request.respond { response.encode(into: &$0, version: request.version) }
    }
}

private extension CreateTopicsResponse.Topic {
    mutating func fail(_ code: ErrorCode, _ message: String) {
        errorCode = code.rawValue
        errorMessage = message
    }

    mutating func describe(partitions: Int, configs: [String: String]) {
        numPartitions = Int32(partitions)
        replicationFactor = 1
        self.configs = configs.sorted { $0.key < $1.key }.map {
            CreateTopicsResponse.Config(name: $0.key, value: $0.value, readOnly: false, configSource: 1, isSensitive: false)
        }
    }
}
