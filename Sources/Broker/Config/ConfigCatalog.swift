/// The configs DescribeConfigs reports and the Alter APIs accept, by Kafka's names, with Kafka's
/// defaults and types. A topic config names the broker config that provides its default (its synonym).
struct ConfigDefinition: Sendable {
    /// DescribeConfigs v3+ `config_type`.
    enum Kind: Int8, Sendable {
        case boolean = 1, string = 2, int = 3, short = 4, long = 5, double = 6, list = 7, `class` = 8, password = 9
    }

    let name: String
    let kind: Kind
    let defaultValue: String?
    /// For a topic config: the broker config it falls back to.
    var brokerSynonym: String? = nil
    /// Values a string or list entry may take; nil = any.
    var allowed: Set<String>? = nil
    /// Broker configs that cannot be changed while running (Kafka's read-only dynamic configs).
    var readOnly = false
    var sensitive = false
    var documentation: String? = nil

    /// nil when `value` suits the config's type; otherwise why not.
    func problem(with value: String) -> String? {
        switch kind {
        case .boolean:
            return ["true", "false"].contains(value.lowercased()) ? nil : "\(name) must be true or false"
        case .int, .short:
            return Int32(value) == nil ? "\(name) must be a 32-bit integer" : nil
        case .long:
            return Int64(value) == nil ? "\(name) must be a 64-bit integer" : nil
        case .double:
            return Double(value) == nil ? "\(name) must be a number" : nil
        case .list:
            let items = value.split(separator: ",").map { $0.trimmingCharacters(in: " ") }
            if let allowed, let bad = items.first(where: { !allowed.contains($0) }) {
                return "\(bad) is not a valid value for \(name) (valid: \(allowed.sorted().joined(separator: ", ")))"
            }
            return nil
        case .string, .class, .password:
            if let allowed, !allowed.contains(value) {
                return "\(value) is not a valid value for \(name) (valid: \(allowed.sorted().joined(separator: ", ")))"
            }
            return nil
        }
    }
}

enum ConfigCatalog {
    static let maxLong = "9223372036854775807"

    /// Topic-level configs (resource type 2), sorted by name.
    static let topic: [ConfigDefinition] = [
        .init(name: "cleanup.policy", kind: .list, defaultValue: "delete", brokerSynonym: "log.cleanup.policy",
              allowed: ["delete", "compact"]),
        .init(name: "compression.type", kind: .string, defaultValue: "producer", brokerSynonym: "compression.type",
              allowed: ["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"]),
        .init(name: "delete.retention.ms", kind: .long, defaultValue: "86400000", brokerSynonym: "log.cleaner.delete.retention.ms"),
        .init(name: "file.delete.delay.ms", kind: .long, defaultValue: "60000", brokerSynonym: "log.segment.delete.delay.ms"),
        .init(name: "flush.messages", kind: .long, defaultValue: maxLong, brokerSynonym: "log.flush.interval.messages"),
        .init(name: "flush.ms", kind: .long, defaultValue: maxLong, brokerSynonym: "log.flush.interval.ms"),
        .init(name: "index.interval.bytes", kind: .int, defaultValue: "4096", brokerSynonym: "log.index.interval.bytes"),
        .init(name: "max.compaction.lag.ms", kind: .long, defaultValue: maxLong, brokerSynonym: "log.cleaner.max.compaction.lag.ms"),
        .init(name: "max.message.bytes", kind: .int, defaultValue: "1048588", brokerSynonym: "message.max.bytes"),
        .init(name: "message.timestamp.after.max.ms", kind: .long, defaultValue: maxLong,
              brokerSynonym: "log.message.timestamp.after.max.ms"),
        .init(name: "message.timestamp.before.max.ms", kind: .long, defaultValue: maxLong,
              brokerSynonym: "log.message.timestamp.before.max.ms"),
        .init(name: "message.timestamp.type", kind: .string, defaultValue: "CreateTime", brokerSynonym: "log.message.timestamp.type",
              allowed: ["CreateTime", "LogAppendTime"]),
        .init(name: "min.cleanable.dirty.ratio", kind: .double, defaultValue: "0.5", brokerSynonym: "log.cleaner.min.cleanable.ratio"),
        .init(name: "min.compaction.lag.ms", kind: .long, defaultValue: "0", brokerSynonym: "log.cleaner.min.compaction.lag.ms"),
        .init(name: "min.insync.replicas", kind: .int, defaultValue: "1", brokerSynonym: "min.insync.replicas"),
        .init(name: "preallocate", kind: .boolean, defaultValue: "false", brokerSynonym: "log.preallocate"),
        .init(name: "retention.bytes", kind: .long, defaultValue: "-1", brokerSynonym: "log.retention.bytes"),
        .init(name: "retention.ms", kind: .long, defaultValue: "604800000", brokerSynonym: "log.retention.ms"),
        .init(name: "segment.bytes", kind: .int, defaultValue: "1073741824", brokerSynonym: "log.segment.bytes"),
        .init(name: "segment.index.bytes", kind: .int, defaultValue: "10485760", brokerSynonym: "log.index.size.max.bytes"),
        .init(name: "segment.jitter.ms", kind: .long, defaultValue: "0", brokerSynonym: "log.roll.jitter.ms"),
        .init(name: "segment.ms", kind: .long, defaultValue: "604800000", brokerSynonym: "log.roll.ms"),
        .init(name: "unclean.leader.election.enable", kind: .boolean, defaultValue: "false",
              brokerSynonym: "unclean.leader.election.enable"),
    ]

    /// Broker configs (resource type 4): the synonyms of every topic config plus the broker's own.
    static let broker: [ConfigDefinition] = {
        var list = topic.compactMap { definition -> ConfigDefinition? in
            guard let synonym = definition.brokerSynonym else { return nil }
            return ConfigDefinition(name: synonym, kind: definition.kind, defaultValue: definition.defaultValue,
                                    allowed: definition.allowed)
        }
        list += [
            .init(name: "advertised.listeners", kind: .string, defaultValue: nil, readOnly: true),
            .init(name: "auto.create.topics.enable", kind: .boolean, defaultValue: "true", readOnly: true),
            .init(name: "broker.id", kind: .int, defaultValue: "1", readOnly: true),
            .init(name: "default.replication.factor", kind: .int, defaultValue: "1", readOnly: true),
            .init(name: "listeners", kind: .string, defaultValue: "PLAINTEXT://127.0.0.1:9092", readOnly: true),
            .init(name: "log.dirs", kind: .string, defaultValue: "./data", readOnly: true),
            .init(name: "node.id", kind: .int, defaultValue: "1", readOnly: true),
            .init(name: "num.network.threads", kind: .int, defaultValue: "0", readOnly: true),
            .init(name: "num.partitions", kind: .int, defaultValue: "1", readOnly: true),
            .init(name: "offsets.topic.replication.factor", kind: .short, defaultValue: "1", readOnly: true),
            .init(name: "socket.request.max.bytes", kind: .int, defaultValue: "104857600", readOnly: true),
        ]
        return list.sorted { $0.name < $1.name }
    }()

    private static let topicByName = Dictionary(uniqueKeysWithValues: topic.map { ($0.name, $0) })
    private static let brokerByName = Dictionary(uniqueKeysWithValues: broker.map { ($0.name, $0) })

    static func topicConfig(named name: String) -> ConfigDefinition? { topicByName[name] }
    static func brokerConfig(named name: String) -> ConfigDefinition? { brokerByName[name] }

    /// nil when every topic override names a known config with a value of its type; otherwise why not.
    static func problem(withTopicConfigs configs: [String: String]) -> String? {
        for (name, value) in configs.sorted(by: { $0.key < $1.key }) {
            guard let definition = topicConfig(named: name) else { return "unknown topic config \(name)" }
            if let problem = definition.problem(with: value) { return problem }
        }
        return nil
    }
}
