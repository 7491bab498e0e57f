import Wire

/// One config as DescribeConfigs reports it: where its value comes from and what it overrides.
struct ConfigEntry {
    /// DescribeConfigs `config_source`.
    enum Source: Int8 {
        case topic = 1, dynamicBroker = 2, staticBroker = 4, defaultValue = 5
    }

    let definition: ConfigDefinition
    let value: String?
    let source: Source
    /// Most specific first, the entry itself included (Kafka's order).
    let synonyms: [(name: String, value: String?, source: Source)]
}

/// Resolves topic and broker configs: topic override, then the broker's dynamic value, then its static
/// value (server.properties or a flag), then Kafka's default.
struct EffectiveConfigs {
    let broker: BrokerConfig
    let dynamic: [String: String]

    init(broker: Broker) {
        self.broker = broker.config
        dynamic = broker.dynamicConfigs.all
    }

    /// The broker-level candidates for `name`, most specific first.
    private func brokerCandidates(_ name: String, default defaultValue: String?) -> [(name: String, value: String?, source: ConfigEntry.Source)] {
        var list: [(name: String, value: String?, source: ConfigEntry.Source)] = []
        if let value = dynamic[name] { list.append((name, value, .dynamicBroker)) }
        if let value = staticValue(name) { list.append((name, value, .staticBroker)) }
        list.append((name, defaultValue, .defaultValue))
        return list
    }

    /// What server.properties or a command-line flag set (the flags fill BrokerConfig's fields).
    private func staticValue(_ name: String) -> String? {
        if let value = broker.properties[name] { return value }
        let defaults = BrokerConfig()
        func changed<T: Equatable>(_ value: T, _ original: T) -> String? { value == original ? nil : "\(value)" }
        switch name {
        case "listeners": return "PLAINTEXT://\(broker.listenHost):\(broker.listenPort)"
        case "advertised.listeners":
            let a = broker.advertised
            return broker.advertisedHost == nil ? nil : "PLAINTEXT://\(a.host):\(a.port)"
        case "log.dirs": return broker.dataDirectory
        case "node.id", "broker.id": return "\(broker.nodeId)"
        case "num.partitions": return changed(broker.defaultPartitionCount, defaults.defaultPartitionCount)
        case "auto.create.topics.enable": return changed(broker.autoCreateTopics, defaults.autoCreateTopics)
        case "log.segment.bytes": return changed(broker.segmentBytes, defaults.segmentBytes)
        case "log.index.interval.bytes": return changed(broker.indexIntervalBytes, defaults.indexIntervalBytes)
        case "message.max.bytes": return changed(broker.maxMessageBytes, defaults.maxMessageBytes)
        case "socket.request.max.bytes": return changed(broker.requestBytesMax, defaults.requestBytesMax)
        default: return nil
        }
    }

    func brokerEntries() -> [ConfigEntry] {
        ConfigCatalog.broker.map { definition in
            let candidates = brokerCandidates(definition.name, default: definition.defaultValue)
            return ConfigEntry(definition: definition, value: candidates[0].value, source: candidates[0].source, synonyms: candidates)
        }
    }

    func topicEntries(overrides: [String: String]) -> [ConfigEntry] {
        ConfigCatalog.topic.map { definition in
            var candidates: [(name: String, value: String?, source: ConfigEntry.Source)] = []
            if let value = overrides[definition.name] { candidates.append((definition.name, value, .topic)) }
            if let synonym = definition.brokerSynonym {
                candidates += brokerCandidates(synonym, default: definition.defaultValue).filter { $0.source != .defaultValue }
            }
            candidates.append((definition.brokerSynonym ?? definition.name, definition.defaultValue, .defaultValue))
            return ConfigEntry(definition: definition, value: candidates[0].value, source: candidates[0].source, synonyms: candidates)
        }
    }
}
