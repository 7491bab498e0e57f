import Wire

/// The classic group's life cycle, with the names DescribeGroups and ListGroups report.
enum GroupState: String, CaseIterable {
    case empty = "Empty"
    case preparingRebalance = "PreparingRebalance"
    case completingRebalance = "CompletingRebalance"
    case stable = "Stable"
    case dead = "Dead"
}

/// One protocol a member offers (an assignor name and its subscription bytes, opaque to us).
struct MemberProtocol: Equatable {
    var name: String
    var metadata: [UInt8]
}

/// What a member sent in JoinGroup, stripped of wire details.
struct JoinRequestInfo {
    var memberId: String
    var instanceId: String?
    var clientId: String
    var clientHost: String
    var sessionTimeoutMs: Int32
    var rebalanceTimeoutMs: Int32
    var protocolType: String
    var protocols: [MemberProtocol]
    /// JoinGroup v4+: a new dynamic member first gets its id with MEMBER_ID_REQUIRED (KIP-394).
    var requiresKnownMemberId: Bool
}

/// The JoinGroup answer, before encoding.
struct JoinOutcome {
    var error: ErrorCode
    var generation: Int32 = -1
    var protocolType: String?
    var protocolName: String?
    var leaderId = ""
    var memberId = ""
    /// Non-empty only for the leader: every member's subscription for the chosen protocol.
    var members: [(memberId: String, instanceId: String?, metadata: [UInt8])] = []
}

/// The SyncGroup answer, before encoding.
struct SyncOutcome {
    var error: ErrorCode
    var protocolType: String?
    var protocolName: String?
    var assignment: [UInt8] = []
}

typealias JoinCompletion = (JoinOutcome) -> Void
typealias SyncCompletion = (SyncOutcome) -> Void

struct TopicPartition: Hashable, Comparable {
    var topic: String
    var partition: Int32

    static func < (a: TopicPartition, b: TopicPartition) -> Bool {
        (a.topic, a.partition) < (b.topic, b.partition)
    }
}

/// A committed offset as OffsetFetch returns it. `logOffset` is where its record sits in
/// `__consumer_offsets`: a commit only replaces one written before it.
struct CommittedOffset: Equatable {
    var offset: Int64
    var leaderEpoch: Int32
    var metadata: String
    var commitTimestampMs: Int64
    var logOffset: Int64
}
