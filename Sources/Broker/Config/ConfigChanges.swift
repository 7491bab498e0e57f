import Storage
import Wire

/// What AlterConfigs and IncrementalAlterConfigs share: reading a resource's current overrides and
/// replacing them after validation (unknown names and bad values → INVALID_CONFIG; read-only broker
/// configs → INVALID_REQUEST, as Kafka answers).
enum ConfigChanges {
    struct Failure: Error {
        let code: ErrorCode
        let message: String
        init(_ code: ErrorCode, _ message: String) { (self.code, self.message) = (code, message) }
    }

    static func definition(resourceType: Int8, name: String) -> ConfigDefinition? {
        resourceType == ConfigResource.topic ? ConfigCatalog.topicConfig(named: name) : ConfigCatalog.brokerConfig(named: name)
    }

    /// The resource's overrides: a topic's configs, or the broker's dynamic configs.
    static func current(resourceType: Int8, name: String, broker: Broker) throws(Failure) -> [String: String] {
        switch resourceType {
        case ConfigResource.topic:
            guard let topic = broker.store.topic(named: name) else {
                throw Failure(.unknownTopicOrPartition, "topic '\(name)' does not exist")
            }
            return topic.configs
        case ConfigResource.broker:
            guard ConfigResource.namesThisBroker(name, nodeId: broker.config.nodeId) else {
                throw Failure(.invalidRequest, "broker \(name) is not this node (\(broker.config.nodeId))")
            }
            return broker.dynamicConfigs.all
        default:
            throw Failure(.invalidRequest, "resource type \(resourceType) is not supported")
        }
    }

    /// Validates `values` as the resource's complete set of overrides and, unless `validateOnly`, stores it.
    static func replace(resourceType: Int8, name: String, with values: [String: String], validateOnly: Bool,
                        broker: Broker) throws(Failure) {
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            guard let definition = definition(resourceType: resourceType, name: key) else {
                throw Failure(.invalidConfig, "unknown \(resourceType == ConfigResource.topic ? "topic" : "broker") config \(key)")
            }
            if definition.readOnly { throw Failure(.invalidRequest, "\(key) cannot be changed while the broker runs") }
            if let problem = definition.problem(with: value) { throw Failure(.invalidConfig, problem) }
        }
        if resourceType == ConfigResource.topic && name == OffsetsTopic.name
            && !(values["cleanup.policy"] ?? "").split(separator: ",").contains("compact") {
            // Committed offsets live only as the latest record per key: deleting by age would lose them.
            throw Failure(.invalidConfig, "\(name) must keep cleanup.policy=compact")
        }
        do {
            switch resourceType {
            case ConfigResource.topic:
                _ = try LogConfig(topicConfigs: values, defaults: broker.store.defaults)  // ranges
                if validateOnly { return }
                try broker.store.replaceTopicConfigs(topic: name, configs: values)
                broker.logger.info("topic \(name) configs are now \(values.sorted { $0.key < $1.key })")
            default:
                if validateOnly { return }
                try broker.dynamicConfigs.replace(with: values)
                broker.logger.info("dynamic broker configs are now \(values.sorted { $0.key < $1.key }) (applied at the next start)")
            }
        } catch StorageError.invalidConfig(let key) {
            throw Failure(.invalidConfig, "invalid value for \(key): \(values[key] ?? "")")
        } catch StorageError.unknownTopic {
            throw Failure(.unknownTopicOrPartition, "topic '\(name)' does not exist")
        } catch {
            throw Failure(.kafkaStorageError, "\(error)")
        }
    }
}
