/// Broker-wide defaults for topic settings, read from `server.properties` under Kafka's broker
/// names (`log.retention.hours` for `retention.ms`, ...). Where Kafka offers several units, the
/// finest given wins (ms over minutes over hours), as in Kafka.
extension LogConfig {
    /// Kafka broker key -> topic key, for settings that need no unit conversion.
    static let brokerKeys: [(broker: String, topic: String)] = [
        ("log.segment.bytes", "segment.bytes"),
        ("log.index.interval.bytes", "index.interval.bytes"),
        ("message.max.bytes", "max.message.bytes"),
        ("log.retention.bytes", "retention.bytes"),
        ("log.cleanup.policy", "cleanup.policy"),
        ("log.cleaner.delete.retention.ms", "delete.retention.ms"),
        ("log.cleaner.min.cleanable.ratio", "min.cleanable.dirty.ratio"),
        ("log.cleaner.min.compaction.lag.ms", "min.compaction.lag.ms"),
        ("log.message.timestamp.type", "message.timestamp.type"),
    ]

    /// `defaults` overridden by whichever broker properties are present; bad values throw
    /// StorageError.invalidConfig with the broker key.
    public init(brokerProperties properties: [String: String], defaults: LogConfig) throws {
        var topicConfigs: [String: String] = [:]
        for (brokerKey, topicKey) in Self.brokerKeys {
            if let value = properties[brokerKey] { topicConfigs[topicKey] = value }
        }
        if let ms = try Self.duration(properties, ms: "log.retention.ms", minutes: "log.retention.minutes",
                                      hours: "log.retention.hours") {
            topicConfigs["retention.ms"] = String(ms)
        }
        if let ms = try Self.duration(properties, ms: "log.roll.ms", minutes: nil, hours: "log.roll.hours") {
            topicConfigs["segment.ms"] = String(ms)
        }
        do {
            self = try LogConfig(topicConfigs: topicConfigs, defaults: defaults)
        } catch StorageError.invalidConfig(let topicKey) {
            let brokerKey = Self.brokerKeys.first { $0.topic == topicKey }?.broker ?? topicKey
            throw StorageError.invalidConfig(brokerKey)
        }
    }

    /// The finest of the given units, in ms; -1 (forever) passes through.
    private static func duration(_ properties: [String: String], ms: String, minutes: String?, hours: String) throws -> Int64? {
        for (key, factor) in [(ms, Int64(1)), (minutes, 60_000), (hours, 3_600_000)] {
            guard let key, let text = properties[key] else { continue }
            guard let value = Int64(text), value >= -1 else { throw StorageError.invalidConfig(key) }
            return value < 0 ? -1 : value * factor
        }
        return nil
    }
}
