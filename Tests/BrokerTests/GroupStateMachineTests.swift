import XCTest
import Wire
@testable import Broker
import Storage

/// The classic group state machine, driven with explicit time (ms) and captured answers.
final class GroupStateMachineTests: XCTestCase {
    var group: ConsumerGroup!
    var now: Int64 = 1_000_000

    override func setUp() {
        group = ConsumerGroup(groupId: "g", config: GroupConfig())
    }

    func request(_ memberId: String = "", instance: String? = nil, protocols: [String] = ["range"],
                 session: Int32 = 10_000, rebalance: Int32 = 30_000, v4: Bool = true) -> JoinRequestInfo {
        JoinRequestInfo(memberId: memberId, instanceId: instance, clientId: "client", clientHost: "/127.0.0.1",
                        sessionTimeoutMs: session, rebalanceTimeoutMs: rebalance, protocolType: "consumer",
                        protocols: protocols.map { MemberProtocol(name: $0, metadata: Array($0.utf8)) },
                        requiresKnownMemberId: v4)
    }

    /// Sends a JoinGroup; the answer (if any yet) lands in the returned box.
    final class Answer<T> { var value: T? }

    func join(_ r: JoinRequestInfo) -> Answer<JoinOutcome> {
        let box = Answer<JoinOutcome>()
        group.join(r, nowMs: now) { box.value = $0 }
        return box
    }

    /// MEMBER_ID_REQUIRED round, then the real join (parked until the join phase ends).
    func joinNewMember(protocols: [String] = ["range"], session: Int32 = 10_000) -> (id: String, answer: Answer<JoinOutcome>) {
        let first = join(request(protocols: protocols, session: session))
        XCTAssertEqual(first.value?.error, .memberIdRequired)
        let id = first.value!.memberId
        XCTAssertTrue(id.hasPrefix("client-"))
        return (id, join(request(id, protocols: protocols, session: session)))
    }

    func sync(_ id: String, generation: Int32, assignments: [String: [UInt8]] = [:]) -> Answer<SyncOutcome> {
        let box = Answer<SyncOutcome>()
        group.sync(memberId: id, instanceId: nil, generation: generation, protocolType: nil, protocolName: nil,
                   assignments: assignments, nowMs: now) { box.value = $0 }
        return box
    }

    func testNewMemberGetsMemberIdRequiredThenJoinsAsLeaderOfGenerationOne() {
        let (id, answer) = joinNewMember()
        XCTAssertEqual(answer.value?.error, ErrorCode.none)
        XCTAssertEqual(answer.value?.generation, 1)
        XCTAssertEqual(answer.value?.leaderId, id)
        XCTAssertEqual(answer.value?.protocolName, "range")
        XCTAssertEqual(answer.value?.members.map(\.memberId), [id])
        XCTAssertEqual(group.state, .completingRebalance)
    }

    func testJoinGroupBeforeV4AdmitsWithoutTheMemberIdRound() {
        let answer = join(request(v4: false))
        XCTAssertEqual(answer.value?.error, ErrorCode.none)
        XCTAssertEqual(answer.value?.generation, 1)
    }

    func testSessionTimeoutOutsideBoundsAndForeignProtocolsAreRefused() {
        XCTAssertEqual(join(request(session: 5_999)).value?.error, .invalidSessionTimeout)
        _ = joinNewMember(protocols: ["range"])
        XCTAssertEqual(join(request(protocols: ["sticky"])).value?.error, .inconsistentGroupProtocol)
        XCTAssertEqual(join(request("nobody-1234")).value?.error, .unknownMemberId)
    }

    func testProtocolIsChosenByVoteAndOnlyTheLeaderSeesMembers() {
        let a = joinNewMember(protocols: ["range", "roundrobin"])
        XCTAssertEqual(sync(a.id, generation: 1, assignments: [a.id: [1]]).value?.assignment, [1])
        // Two more members prefer roundrobin: it wins 2 votes to 1. The join phase waits for `a`.
        let b = joinNewMember(protocols: ["roundrobin", "range"])
        let c = joinNewMember(protocols: ["roundrobin", "range"])
        XCTAssertEqual(group.state, .preparingRebalance)
        XCTAssertNil(b.answer.value)
        let aAgain = join(request(a.id, protocols: ["range", "roundrobin"]))
        for answer in [aAgain, b.answer, c.answer] {
            XCTAssertEqual(answer.value?.generation, 2)
            XCTAssertEqual(answer.value?.protocolName, "roundrobin")
            XCTAssertEqual(answer.value?.leaderId, a.id, "the leader carries over")
        }
        XCTAssertEqual(aAgain.value?.members.map(\.memberId), [a.id, b.id, c.id])
        XCTAssertEqual(aAgain.value?.members[1].metadata, Array("roundrobin".utf8))
        XCTAssertEqual(b.answer.value?.members.count, 0)
    }

    func testSyncParksFollowersUntilTheLeaderAssigns() {
        let a = joinNewMember()
        let bFirst = joinNewMember()
        XCTAssertNil(bFirst.answer.value, "a rebalance waits for a's re-join")
        XCTAssertEqual(sync(a.id, generation: 1).value?.error, .rebalanceInProgress)
        _ = join(request(a.id))
        let follower = sync(bFirst.id, generation: 2)
        XCTAssertNil(follower.value)
        XCTAssertEqual(sync(a.id, generation: 1).value?.error, .illegalGeneration)
        let leader = sync(a.id, generation: 2, assignments: [a.id: [0xA], bFirst.id: [0xB]])
        XCTAssertEqual(leader.value?.assignment, [0xA])
        XCTAssertEqual(follower.value?.assignment, [0xB])
        XCTAssertEqual(group.state, .stable)
        XCTAssertEqual(sync(bFirst.id, generation: 2).value?.assignment, [0xB], "stable: the current assignment again")
    }

    func testHeartbeatErrorCodesFollowTheState() {
        XCTAssertEqual(group.heartbeat(memberId: "x", instanceId: nil, generation: 0, nowMs: now), .unknownMemberId)
        let a = joinNewMember()
        XCTAssertEqual(group.heartbeat(memberId: a.id, instanceId: nil, generation: 1, nowMs: now), .none, "CompletingRebalance")
        _ = sync(a.id, generation: 1)
        XCTAssertEqual(group.heartbeat(memberId: a.id, instanceId: nil, generation: 1, nowMs: now), .none, "Stable")
        XCTAssertEqual(group.heartbeat(memberId: a.id, instanceId: nil, generation: 0, nowMs: now), .illegalGeneration)
        XCTAssertEqual(group.heartbeat(memberId: "x", instanceId: nil, generation: 1, nowMs: now), .unknownMemberId)
        _ = joinNewMember()
        XCTAssertEqual(group.heartbeat(memberId: a.id, instanceId: nil, generation: 1, nowMs: now), .rebalanceInProgress)
    }

    func testOffsetCommitChecksMemberAndGeneration() {
        XCTAssertEqual(group.validateCommit(memberId: "", instanceId: nil, generation: -1, nowMs: now), .none, "simple commit, empty group")
        let a = joinNewMember()
        XCTAssertEqual(group.validateCommit(memberId: a.id, instanceId: nil, generation: 1, nowMs: now), .rebalanceInProgress)
        _ = sync(a.id, generation: 1)
        XCTAssertEqual(group.validateCommit(memberId: a.id, instanceId: nil, generation: 1, nowMs: now), .none)
        XCTAssertEqual(group.validateCommit(memberId: a.id, instanceId: nil, generation: 7, nowMs: now), .illegalGeneration)
        XCTAssertEqual(group.validateCommit(memberId: "", instanceId: nil, generation: -1, nowMs: now), .unknownMemberId,
                       "a simple commit into a group with members")
        _ = joinNewMember()
        XCTAssertEqual(group.validateCommit(memberId: a.id, instanceId: nil, generation: 1, nowMs: now), .none,
                       "PreparingRebalance still takes the old generation's commits")
    }

    func testExpiredSessionRemovesTheMemberAndTheOthersRebalance() {
        let a = joinNewMember()
        let b = joinNewMember(session: 20_000)
        _ = join(request(a.id))
        _ = sync(a.id, generation: 2)
        _ = sync(b.id, generation: 2)
        XCTAssertEqual(group.state, .stable)
        now += 15_000   // a's 10 s session has lapsed, b's 20 s has not
        group.tick(nowMs: now)
        XCTAssertEqual(group.state, .preparingRebalance)
        XCTAssertEqual(group.members.map(\.memberId), [b.id])
        XCTAssertEqual(group.heartbeat(memberId: a.id, instanceId: nil, generation: 2, nowMs: now), .unknownMemberId)
        let bAgain = join(request(b.id, session: 20_000))
        XCTAssertEqual(bAgain.value?.generation, 3)
        XCTAssertEqual(bAgain.value?.leaderId, b.id, "a new leader when the old one is gone")
    }

    func testJoinPhaseEndsAtTheRebalanceTimeoutWithoutStragglers() {
        let a = joinNewMember()
        _ = sync(a.id, generation: 1)
        let b = joinNewMember()
        for t: Int64 in [8_000, 16_000, 24_000] {   // a heartbeats (10 s session) but never re-joins
            XCTAssertEqual(group.heartbeat(memberId: a.id, instanceId: nil, generation: 1, nowMs: now + t), .rebalanceInProgress)
            group.tick(nowMs: now + t)
        }
        group.tick(nowMs: now + 29_000)
        XCTAssertNil(b.answer.value)
        group.tick(nowMs: now + 30_000)
        XCTAssertEqual(b.answer.value?.generation, 2)
        XCTAssertEqual(group.members.map(\.memberId), [b.id])
    }

    func testLeaveGroupOfTheLastMemberEmptiesTheGroup() {
        let a = joinNewMember()
        _ = sync(a.id, generation: 1)
        XCTAssertEqual(group.leave([(a.id, nil), ("ghost", nil)], nowMs: now), [.none, .unknownMemberId])
        XCTAssertEqual(group.state, .empty)
        XCTAssertEqual(group.generation, 2)
    }

    func testStaticMemberRestartKeepsItsAssignmentWithoutARebalance() {
        let a = join(request(instance: "i-a"))
        XCTAssertEqual(a.value?.error, ErrorCode.none, "static members skip MEMBER_ID_REQUIRED")
        let oldId = a.value!.memberId
        XCTAssertTrue(oldId.hasPrefix("i-a-"))
        _ = sync(oldId, generation: 1, assignments: [oldId: [7]])
        let restarted = join(request(instance: "i-a"))
        XCTAssertEqual(restarted.value?.error, ErrorCode.none)
        XCTAssertEqual(restarted.value?.generation, 1, "no new generation")
        XCTAssertEqual(group.state, .stable)
        let newId = restarted.value!.memberId
        XCTAssertNotEqual(newId, oldId)
        XCTAssertEqual(sync(newId, generation: 1).value?.assignment, [7])
        XCTAssertEqual(group.heartbeat(memberId: oldId, instanceId: "i-a", generation: 1, nowMs: now), .fencedInstanceId)
    }
}

final class GroupConfigTests: XCTestCase {
    func testSettingsUseKafkaNamesAndTheInitialDelayHoldsTheFirstRebalance() {
        let config = GroupConfig(properties: ["group.initial.rebalance.delay.ms": "3000", "offsets.topic.num.partitions": "10",
                                              "group.min.session.timeout.ms": "1000", "offset.metadata.max.bytes": "bad"])
        XCTAssertEqual(config.initialRebalanceDelayMs, 3000)
        XCTAssertEqual(config.offsetsTopicPartitions, 10)
        XCTAssertEqual(config.sessionTimeoutMsMin, 1000)
        XCTAssertEqual(config.offsetMetadataBytesMax, 4096, "a malformed value keeps the default")
        XCTAssertEqual(GroupConfig().initialRebalanceDelayMs, 0)

        let group = ConsumerGroup(groupId: "g", config: config)
        var answer: JoinOutcome?
        let request = JoinRequestInfo(memberId: "", instanceId: nil, clientId: "c", clientHost: "h", sessionTimeoutMs: 10_000,
                                      rebalanceTimeoutMs: 60_000, protocolType: "consumer",
                                      protocols: [MemberProtocol(name: "range", metadata: [])], requiresKnownMemberId: false)
        group.join(request, nowMs: 0) { answer = $0 }
        XCTAssertNil(answer, "an empty group waits for more members first")
        group.tick(nowMs: 2_999)
        XCTAssertNil(answer)
        group.tick(nowMs: 3_000)
        XCTAssertEqual(answer?.generation, 1)
    }
}

final class OffsetRecordTests: XCTestCase {
    func testOffsetCommitKeyAndValueLayouts() {
        let key = OffsetRecords.encode(OffsetRecords.Key(group: "g", topic: "t", partition: 2))
        // i16 version 1 | i16 1 "g" | i16 1 "t" | i32 2
        XCTAssertEqual(key, [0, 1, 0, 1, 0x67, 0, 1, 0x74, 0, 0, 0, 2])
        let value = OffsetRecords.encode(OffsetRecords.Value(offset: 5, leaderEpoch: -1, metadata: "m", commitTimestampMs: 256))
        // i16 version 3 | i64 5 | i32 -1 | i16 1 "m" | i64 256
        XCTAssertEqual(value, [0, 3, 0, 0, 0, 0, 0, 0, 0, 5, 0xFF, 0xFF, 0xFF, 0xFF, 0, 1, 0x6D, 0, 0, 0, 0, 0, 0, 1, 0])
        XCTAssertEqual(OffsetRecords.decodeKey(key), OffsetRecords.Key(group: "g", topic: "t", partition: 2))
        XCTAssertEqual(OffsetRecords.decodeValue(value)?.metadata, "m")
        XCTAssertNil(OffsetRecords.decodeKey([0, 2, 0, 1, 0x67]), "group metadata keys are skipped")
    }

    func testGroupsArePlacedWithJavasStringHash() {
        XCTAssertEqual(javaStringHashCode(""), 0)
        XCTAssertEqual(javaStringHashCode("ab"), 97 * 31 + 98)
        XCTAssertEqual(javaStringHashCode("real-time-alerts"), 870_995_944)
    }
}
