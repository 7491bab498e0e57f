/// One member of a group: what it offered at its last JoinGroup, what it was assigned, when its
/// session ends, and the answers parked for it.
final class GroupMember {
    var memberId: String
    let instanceId: String?
    var clientId: String
    var clientHost: String
    var sessionTimeoutMs: Int32
    var rebalanceTimeoutMs: Int32
    var protocolType: String
    var protocols: [MemberProtocol]
    var assignment: [UInt8] = []
    /// Monotonic ms; past it without a heartbeat (and nothing parked) the member is removed.
    var sessionDeadlineMs: Int64
    var awaitingJoin: JoinCompletion?
    var awaitingSync: SyncCompletion?

    init(memberId: String, request: JoinRequestInfo, nowMs: Int64) {
        self.memberId = memberId
        instanceId = request.instanceId
        clientId = request.clientId
        clientHost = request.clientHost
        sessionTimeoutMs = request.sessionTimeoutMs
        rebalanceTimeoutMs = request.rebalanceTimeoutMs
        protocolType = request.protocolType
        protocols = request.protocols
        sessionDeadlineMs = nowMs + Int64(request.sessionTimeoutMs)
    }

    func update(from request: JoinRequestInfo) {
        clientId = request.clientId
        clientHost = request.clientHost
        sessionTimeoutMs = request.sessionTimeoutMs
        rebalanceTimeoutMs = request.rebalanceTimeoutMs
        protocolType = request.protocolType
        protocols = request.protocols
    }

    func metadata(for protocolName: String?) -> [UInt8] {
        protocols.first(where: { $0.name == protocolName })?.metadata ?? []
    }

    func touch(nowMs: Int64) { sessionDeadlineMs = nowMs + Int64(sessionTimeoutMs) }
}

/// Member ids as Kafka makes them: `<client id or instance id>-<random UUID>`.
enum MemberIds {
    static func make(prefix: String) -> String {
        var rng = SystemRandomNumberGenerator()
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for i in 0..<16 {
            if [4, 6, 8, 10].contains(i) { out.append(UInt8(ascii: "-")) }
            let byte = UInt8(truncatingIfNeeded: rng.next())
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0xF)])
        }
        return prefix + "-" + String(decoding: out, as: UTF8.self)
    }
}
