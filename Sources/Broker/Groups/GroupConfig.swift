/// The coordinator's settings, read from the broker's properties with Kafka's names.
struct GroupConfig: Sendable {
    /// group.min.session.timeout.ms / group.max.session.timeout.ms: a JoinGroup outside is refused.
    var sessionTimeoutMsMin: Int32 = 6_000
    var sessionTimeoutMsMax: Int32 = 1_800_000
    /// group.initial.rebalance.delay.ms. Kafka waits 3 000 ms for more members before the first
    /// rebalance of an empty group; Ringlog is a dev broker first and answers at once (0), as dev
    /// setups configure Kafka. Set it to 3000 for Kafka's behaviour.
    var initialRebalanceDelayMs: Int64 = 0
    /// offsets.topic.num.partitions: partitions of `__consumer_offsets` when it is first created.
    var offsetsTopicPartitions = 50
    /// offset.metadata.max.bytes: longer commit metadata is refused (OFFSET_METADATA_TOO_LARGE).
    var offsetMetadataBytesMax = 4_096
    /// How often session, rebalance and sync deadlines are checked. Deadlines are at least 6 s long,
    /// so a 100 ms resolution is plenty.
    var tickIntervalMs = 100

    init() {}

    /// Unknown or malformed values keep the default (BrokerConfig already logs nothing for unknown keys).
    init(properties: [String: String]) {
        func int(_ key: String) -> Int? { properties[key].flatMap { Int($0.trimmingCharacters(in: " ")) } }
        if let v = int("group.min.session.timeout.ms"), v > 0 { sessionTimeoutMsMin = Int32(clamping: v) }
        if let v = int("group.max.session.timeout.ms"), v > 0 { sessionTimeoutMsMax = Int32(clamping: v) }
        if let v = int("group.initial.rebalance.delay.ms"), v >= 0 { initialRebalanceDelayMs = Int64(v) }
        if let v = int("offsets.topic.num.partitions"), (1...1000).contains(v) { offsetsTopicPartitions = v }
        if let v = int("offset.metadata.max.bytes"), v >= 0 { offsetMetadataBytesMax = v }
    }
}
