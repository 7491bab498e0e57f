import Wire

/// What ApiVersions advertises: exactly the APIs and versions this broker implements.
/// Ranges follow shared/research/kafka-protocol-map.md §1.1: mins reach down to what librdkafka ≤ 2.10's
/// feature checks look for (Produce 0 for compression, Fetch 4 + Produce 3 for record batches), and maxes
/// stay below the topic-id versions (Fetch 13, Produce 12/13, DeleteTopics 6).
enum SupportedApis {
    static let ranges: [(ApiKey, ClosedRange<Int16>)] = [
        (.produce, 0...9),          // v0–2 advertised for librdkafka's compression check, rejected if sent
        (.fetch, 4...12),
        (.listOffsets, 1...7),
        (.metadata, 0...12),
        (.apiVersions, 0...4),
        (.createTopics, 2...7),
        (.deleteTopics, 1...5),
        (.initProducerId, 0...4),
        (.deleteRecords, 0...2),
        (.offsetForLeaderEpoch, 2...4),
        (.describeConfigs, 1...4),
        (.alterConfigs, 0...2),
        (.createPartitions, 0...3),
        (.incrementalAlterConfigs, 0...1),
        (.describeCluster, 0...1),
    ]

    static func versions(of api: ApiKey) -> ClosedRange<Int16>? {
        ranges.first(where: { $0.0 == api })?.1
    }
}
