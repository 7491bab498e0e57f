/// Kafka's "range" assignor: for each topic, its partitions in order are cut into contiguous ranges,
/// one per subscribed member sorted by (group instance id, else member id); the first
/// `partitions % members` members get one extra.
public enum RangeAssignor {
    public static let name = "range"

    public struct Member: Sendable {
        public var memberId: String
        public var groupInstanceId: String?
        public var topics: [String]

        public init(memberId: String, groupInstanceId: String? = nil, topics: [String]) {
            self.memberId = memberId
            self.groupInstanceId = groupInstanceId
            self.topics = topics
        }

        var sortKey: String { groupInstanceId ?? memberId }
    }

    /// `partitionCounts`: partitions per topic (topics missing from it are skipped).
    public static func assign(members: [Member], partitionCounts: [String: Int]) -> [String: [TopicPartition]] {
        var result: [String: [TopicPartition]] = [:]
        for m in members { result[m.memberId] = [] }
        let topics = Set(members.flatMap(\.topics)).sorted()
        for topic in topics {
            guard let count = partitionCounts[topic], count > 0 else { continue }
            let subscribers = members.filter { $0.topics.contains(topic) }
                .sorted { ($0.sortKey, $0.memberId) < ($1.sortKey, $1.memberId) }
            let per = count / subscribers.count
            let extra = count % subscribers.count
            for (i, member) in subscribers.enumerated() {
                let start = i * per + min(i, extra)
                let length = per + (i < extra ? 1 : 0)
                for p in start..<start + length { result[member.memberId]!.append(TopicPartition(topic, Int32(p))) }
            }
        }
        return result
    }
}
