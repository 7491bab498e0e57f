/// One partition of a described topic.
public struct PartitionDescription: Equatable, Sendable {
    public var partition: Int32
    public var leader: Int32
    public var replicas: [Int32]
    public var inSyncReplicas: [Int32]
    /// The first offset still in the log.
    public var logStartOffset: Int64
    /// The offset the next record will get.
    public var highWatermark: Int64
}

public struct TopicDescription: Equatable, Sendable {
    public var name: String
    /// The topic id in Kafka's base64 form (empty when the broker gives none).
    public var id: String
    public var isInternal: Bool
    public var partitions: [PartitionDescription]
}

/// One topic setting as DescribeConfigs reports it.
public struct ConfigEntry: Equatable, Sendable {
    public var name: String
    public var value: String?
    /// True when the value is the broker's default, not set on the topic.
    public var isDefault: Bool
    public var isReadOnly: Bool
    public var isSensitive: Bool
}

public struct GroupListing: Equatable, Sendable {
    public var groupId: String
    public var protocolType: String
    /// Empty when the broker's ListGroups version does not report states.
    public var state: String
}

public struct GroupMemberDescription: Equatable, Sendable {
    public var memberId: String
    public var groupInstanceId: String?
    public var clientId: String
    public var host: String
    /// Decoded from the member's ConsumerProtocol assignment (empty for other protocol types).
    public var assignment: [TopicPartition]
}

/// Where a group stands on one partition.
public struct GroupPartitionLag: Equatable, Sendable {
    public var topic: String
    public var partition: Int32
    /// nil when the group has committed nothing for the partition.
    public var committedOffset: Int64?
    public var highWatermark: Int64
    /// High watermark minus committed offset; nil without a commit.
    public var lag: Int64?
    /// The member the partition is assigned to, if any.
    public var memberId: String?
}

public struct GroupDescription: Equatable, Sendable {
    public var groupId: String
    public var state: String
    public var protocolType: String
    /// The assignor the group agreed on (e.g. "range").
    public var assignmentProtocol: String
    public var coordinator: Int32
    public var members: [GroupMemberDescription]
    /// Sorted by topic and partition; committed or assigned partitions.
    public var partitions: [GroupPartitionLag]

    public var totalLag: Int64 { partitions.reduce(0) { $0 + ($1.lag ?? 0) } }
}
