import Storage
import Wire

/// CreateTopics (key 19). One node: a replication factor above 1 cannot be honoured, so it is refused
/// as Kafka refuses it (INVALID_REPLICATION_FACTOR); -1 means the broker default for either count.
/// Configs must be known topic configs with valid values (else INVALID_CONFIG); `validate_only` runs every
/// check and creates nothing.
enum CreateTopicsAPI {
    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        let broker = request.broker
        let req = try CreateTopicsRequest(from: &body, version: request.version)
        let effective = EffectiveConfigs(broker: broker)
        // Kafka refuses every entry of a name that appears more than once in one request.
        let repeated = Set(Dictionary(grouping: req.topics, by: \.name).filter { $0.value.count > 1 }.keys)
        let results = req.topics.map { topic -> CreateTopicsResponse.Topic in
            var result = CreateTopicsResponse.Topic(name: topic.name)
            let partitions = topic.numPartitions == -1 ? broker.config.defaultPartitionCount : Int(topic.numPartitions)
            let configs = Dictionary(topic.configs.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
            if repeated.contains(topic.name) {
                result.fail(.invalidRequest, "topic '\(topic.name)' appears more than once in the request")
            } else if !topic.assignments.isEmpty {
                result.fail(.invalidRequest, "manual replica assignment is not supported on a single node")
            } else if !(1...LogStore.partitionCountMax).contains(partitions) {
                result.fail(.invalidPartitions, "number of partitions must be between 1 and \(LogStore.partitionCountMax), got \(partitions)")
            } else if topic.replicationFactor != -1 && topic.replicationFactor != 1 {
                result.fail(.invalidReplicationFactor, topic.replicationFactor > 1
                    ? "replication factor \(topic.replicationFactor) is larger than the 1 broker available"
                    : "replication factor must be 1 (or -1 for the broker default), got \(topic.replicationFactor)")
            } else if !TopicName.isValid(topic.name) {
                result.fail(.invalidTopicException, "'\(topic.name)' is not a valid topic name (1–249 of [a-zA-Z0-9._-])")
            } else if let problem = configProblem(configs, defaults: broker.store.defaults) {
                result.fail(.invalidConfig, problem)
            } else if broker.store.topic(named: topic.name) != nil {
                result.fail(.topicAlreadyExists, "topic '\(topic.name)' already exists")
            } else if req.validateOnly {
                result.describe(partitions: partitions, configs: configs, effective: effective)
            } else {
                do {
                    let created = try broker.store.createTopic(name: topic.name, partitionCount: partitions, configs: configs)
                    broker.logger.info("created topic \(topic.name) with \(partitions) partition(s)")
                    result.topicId = UUID16(bytes: created.id) ?? .zero
                    result.describe(partitions: partitions, configs: configs, effective: effective)
                } catch StorageError.topicExists {
                    result.fail(.topicAlreadyExists, "topic '\(topic.name)' already exists")
                } catch StorageError.invalidTopic(let reason) {
                    result.fail(.invalidTopicException, reason)
                } catch StorageError.invalidConfig(let key) {
                    result.fail(.invalidConfig, "invalid value for \(key)")
                } catch {
                    broker.logger.error("creating topic \(topic.name) failed: \(error)")
                    result.fail(.kafkaStorageError, "cannot create topic '\(topic.name)': \(error)")
                }
            }
            return result
        }
        let response = CreateTopicsResponse(throttleTimeMs: 0, topics: results)
        request.respond { response.encode(into: &$0, version: request.version) }
    }

    /// Names must be Kafka topic configs with values of their type, and the log's own settings in range.
    static func configProblem(_ configs: [String: String], defaults: LogConfig) -> String? {
        if let problem = ConfigCatalog.problem(withTopicConfigs: configs) { return problem }
        do {
            _ = try LogConfig(topicConfigs: configs, defaults: defaults)
        } catch StorageError.invalidConfig(let key) {
            return "invalid value for \(key): \(configs[key] ?? "")"
        } catch {
            return "\(error)"
        }
        return nil
    }
}

private extension CreateTopicsResponse.Topic {
    mutating func fail(_ code: ErrorCode, _ message: String) {
        errorCode = code.rawValue
        errorMessage = message
    }

    /// v5+ answers every config of the new topic with its source, as DescribeConfigs would.
    mutating func describe(partitions: Int, configs: [String: String], effective: EffectiveConfigs) {
        numPartitions = Int32(partitions)
        replicationFactor = 1
        self.configs = effective.topicEntries(overrides: configs).map {
            CreateTopicsResponse.Config(name: $0.definition.name, value: $0.value, readOnly: $0.definition.readOnly,
                                        configSource: $0.source.rawValue, isSensitive: $0.definition.sensitive)
        }
    }
}
