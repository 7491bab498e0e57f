/// The Kafka APIs this codec knows, by their wire key.
public enum ApiKey: Int16, CaseIterable, Sendable {
    case produce = 0, fetch = 1, listOffsets = 2, metadata = 3, offsetCommit = 8, offsetFetch = 9,
         findCoordinator = 10, joinGroup = 11, heartbeat = 12, leaveGroup = 13, syncGroup = 14,
         describeGroups = 15, listGroups = 16, saslHandshake = 17, apiVersions = 18, createTopics = 19,
         deleteTopics = 20, deleteRecords = 21, initProducerId = 22, offsetForLeaderEpoch = 23,
         describeConfigs = 32, alterConfigs = 33, createPartitions = 37, deleteGroups = 42,
         incrementalAlterConfigs = 44, describeCluster = 60

    /// First flexible (compact strings, tagged fields) version of each API, from its message
    /// definition's `flexibleVersions`; nil when the API is never flexible.
    public var firstFlexibleVersion: Int16? {
        switch self {
        case .produce: return 9
        case .fetch: return 12
        case .listOffsets: return 6
        case .metadata: return 9
        case .offsetCommit: return 8
        case .offsetFetch: return 6
        case .findCoordinator: return 3
        case .joinGroup: return 6
        case .heartbeat: return 4
        case .leaveGroup: return 4
        case .syncGroup: return 4
        case .describeGroups: return 5
        case .listGroups: return 3
        case .saslHandshake: return nil
        case .apiVersions: return 3
        case .createTopics: return 5
        case .deleteTopics: return 4
        case .deleteRecords: return 2
        case .initProducerId: return 2
        case .offsetForLeaderEpoch: return 4
        case .describeConfigs: return 4
        case .alterConfigs: return 2
        case .createPartitions: return 2
        case .deleteGroups: return 2
        case .incrementalAlterConfigs: return 1
        case .describeCluster: return 0
        }
    }

    /// Whether `version` of this API uses the flexible encoding (and request header v2).
    public func isFlexible(version: Int16) -> Bool {
        guard let first = firstFlexibleVersion else { return false }
        return version >= first
    }

    /// Whether the response header is v1 (with tagged fields). ApiVersions responses always use v0,
    /// whatever the version, so a client that sent a too-new version can still read the answer (KIP-511).
    public func responseHeaderIsFlexible(version: Int16) -> Bool {
        self == .apiVersions ? false : isFlexible(version: version)
    }

    /// Versions this codec can decode and encode. What the broker advertises is its own choice.
    public var codecVersions: ClosedRange<Int16> {
        switch self {
        case .produce: return 0...9
        case .fetch: return 4...12
        case .listOffsets: return 1...7
        case .metadata: return 0...12
        case .offsetCommit: return 2...9
        case .offsetFetch: return 1...7
        case .findCoordinator: return 0...4
        case .joinGroup: return 0...9
        case .heartbeat: return 0...4
        case .leaveGroup: return 0...5
        case .syncGroup: return 0...5
        case .describeGroups: return 0...5
        case .listGroups: return 0...5
        case .saslHandshake: return 0...1
        case .apiVersions: return 0...4
        case .createTopics: return 0...7
        case .deleteTopics: return 0...5
        case .deleteRecords: return 0...2
        case .initProducerId: return 0...4
        case .offsetForLeaderEpoch: return 2...4
        case .describeConfigs: return 1...4
        case .alterConfigs: return 0...2
        case .createPartitions: return 0...3
        case .deleteGroups: return 0...2
        case .incrementalAlterConfigs: return 0...1
        case .describeCluster: return 0...1
        }
    }

    /// Kafka's name for the API, as in its message definitions (`Produce`, `ApiVersions`, ...).
    public var name: String {
        switch self {
        case .produce: return "Produce"
        case .fetch: return "Fetch"
        case .listOffsets: return "ListOffsets"
        case .metadata: return "Metadata"
        case .offsetCommit: return "OffsetCommit"
        case .offsetFetch: return "OffsetFetch"
        case .findCoordinator: return "FindCoordinator"
        case .joinGroup: return "JoinGroup"
        case .heartbeat: return "Heartbeat"
        case .leaveGroup: return "LeaveGroup"
        case .syncGroup: return "SyncGroup"
        case .describeGroups: return "DescribeGroups"
        case .listGroups: return "ListGroups"
        case .saslHandshake: return "SaslHandshake"
        case .apiVersions: return "ApiVersions"
        case .createTopics: return "CreateTopics"
        case .deleteTopics: return "DeleteTopics"
        case .deleteRecords: return "DeleteRecords"
        case .initProducerId: return "InitProducerId"
        case .offsetForLeaderEpoch: return "OffsetForLeaderEpoch"
        case .describeConfigs: return "DescribeConfigs"
        case .alterConfigs: return "AlterConfigs"
        case .createPartitions: return "CreatePartitions"
        case .deleteGroups: return "DeleteGroups"
        case .incrementalAlterConfigs: return "IncrementalAlterConfigs"
        case .describeCluster: return "DescribeCluster"
        }
    }
}
