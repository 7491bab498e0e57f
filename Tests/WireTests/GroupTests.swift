import XCTest
@testable import Wire

/// Classic consumer-group messages: FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup.
/// Strings in vectors: "g" = 0x67 (group), "m" = 0x6d (member), "c" = 0x63 (protocol type), "r" = 0x72 (protocol).
final class GroupTests: XCTestCase {
    func testFindCoordinatorV2AndV3() {
        let request = FindCoordinatorRequest(key: "g", keyType: 0)
        assertWire(request, version: 2, bytes: [0x00, 0x01, 0x67,   // key "g"
                                                0x00])              // keyType 0 (group)
        assertWire(request, version: 3, bytes: [0x02, 0x67, 0x00,   // key, keyType
                                                0x00])              // tagged fields
        let response = FindCoordinatorResponse(throttleTimeMs: 0, errorCode: 0, errorMessage: nil, nodeId: 1, host: "h", port: 9092)
        assertWire(response, version: 2, bytes: [
            0x00, 0x00, 0x00, 0x00,   // throttleTimeMs
            0x00, 0x00,               // errorCode
            0xff, 0xff,               // errorMessage null
            0x00, 0x00, 0x00, 0x01,   // nodeId 1
            0x00, 0x01, 0x68,         // host "h"
            0x00, 0x00, 0x23, 0x84,   // port 9092
        ])
        assertWire(response, version: 3, bytes: [
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00,   // throttleTimeMs, errorCode
            0x00,                     // errorMessage null
            0x00, 0x00, 0x00, 0x01,   // nodeId 1
            0x02, 0x68,               // host "h"
            0x00, 0x00, 0x23, 0x84,   // port
            0x00,                     // tagged fields
        ])
    }

    func testFindCoordinatorV4BatchesKeys() {
        let request = FindCoordinatorRequest(keyType: 0, coordinatorKeys: ["g", "m"])
        assertWire(request, version: 4, bytes: [
            0x00,                     // keyType 0 (group); v4 has no single key
            0x03,                     // coordinatorKeys: compact array of 2
            0x02, 0x67,               // "g"
            0x02, 0x6d,               // "m"
            0x00,                     // tagged fields
        ])
        let response = FindCoordinatorResponse(throttleTimeMs: 0, coordinators: [
            .init(key: "g", nodeId: 1, host: "h", port: 9092, errorCode: 0, errorMessage: nil),
            .init(key: "", nodeId: -1, host: "", port: -1, errorCode: 24, errorMessage: nil),
        ])
        assertWire(response, version: 4, bytes: [
            0x00, 0x00, 0x00, 0x00,   // throttleTimeMs (v4 has no top-level error or node)
            0x03,                     // coordinators: compact array of 2
            0x02, 0x67,               // key "g"
            0x00, 0x00, 0x00, 0x01,   // nodeId 1
            0x02, 0x68,               // host "h"
            0x00, 0x00, 0x23, 0x84,   // port 9092
            0x00, 0x00,               // errorCode 0
            0x00,                     // errorMessage null
            0x00,                     // tagged fields of the entry
            0x01,                     // key ""
            0xff, 0xff, 0xff, 0xff,   // nodeId -1
            0x01,                     // host ""
            0xff, 0xff, 0xff, 0xff,   // port -1
            0x00, 0x18,               // errorCode 24 INVALID_GROUP_ID
            0x00,                     // errorMessage null
            0x00,                     // tagged fields of the entry
            0x00,                     // tagged fields
        ])
    }

    func testJoinGroupV5AndV9() {
        let request = JoinGroupRequest(groupId: "g", sessionTimeoutMs: 45000, rebalanceTimeoutMs: 300000, memberId: "",
                                       groupInstanceId: nil, protocolType: "c", protocols: [.init(name: "r", metadata: [1, 2])], reason: nil)
        assertWire(request, version: 5, bytes: [
            0x00, 0x01, 0x67,         // groupId "g"
            0x00, 0x00, 0xaf, 0xc8,   // sessionTimeoutMs 45000
            0x00, 0x04, 0x93, 0xe0,   // rebalanceTimeoutMs 300000
            0x00, 0x00,               // memberId ""
            0xff, 0xff,               // groupInstanceId null
            0x00, 0x01, 0x63,         // protocolType "c"
            0x00, 0x00, 0x00, 0x01,   // protocols: 1
            0x00, 0x01, 0x72,         //   name "r"
            0x00, 0x00, 0x00, 0x02, 0x01, 0x02,   // metadata 2 bytes
        ])
        assertWire(request, version: 9, bytes: [
            0x02, 0x67,               // groupId "g"
            0x00, 0x00, 0xaf, 0xc8,   // sessionTimeoutMs
            0x00, 0x04, 0x93, 0xe0,   // rebalanceTimeoutMs
            0x01,                     // memberId ""
            0x00,                     // groupInstanceId null
            0x02, 0x63,               // protocolType "c"
            0x02,                     // protocols: 1
            0x02, 0x72,               //   name "r"
            0x03, 0x01, 0x02,         //   metadata
            0x00,                     //   tagged fields
            0x00,                     // reason null
            0x00,                     // tagged fields
        ])
        let response5 = JoinGroupResponse(throttleTimeMs: 0, errorCode: 0, generationId: 1, protocolName: "r", leader: "m", memberId: "m",
                                          members: [.init(memberId: "m", groupInstanceId: nil, metadata: [7])])
        assertWire(response5, version: 5, bytes: [
            0x00, 0x00, 0x00, 0x00,   // throttleTimeMs
            0x00, 0x00,               // errorCode
            0x00, 0x00, 0x00, 0x01,   // generationId 1
            0x00, 0x01, 0x72,         // protocolName "r"
            0x00, 0x01, 0x6d,         // leader "m"
            0x00, 0x01, 0x6d,         // memberId "m"
            0x00, 0x00, 0x00, 0x01,   // members: 1
            0x00, 0x01, 0x6d,         //   memberId "m"
            0xff, 0xff,               //   groupInstanceId null
            0x00, 0x00, 0x00, 0x01, 0x07,   // metadata [7]
        ])
        let response9 = JoinGroupResponse(throttleTimeMs: 0, errorCode: 79, generationId: -1, protocolType: nil, protocolName: nil,
                                          leader: "", skipAssignment: false, memberId: "m", members: [])
        assertWire(response9, version: 9, bytes: [
            0x00, 0x00, 0x00, 0x00,   // throttleTimeMs
            0x00, 0x4f,               // errorCode 79 MEMBER_ID_REQUIRED
            0xff, 0xff, 0xff, 0xff,   // generationId -1
            0x00,                     // protocolType null
            0x00,                     // protocolName null
            0x01,                     // leader ""
            0x00,                     // skipAssignment false
            0x02, 0x6d,               // memberId "m"
            0x01,                     // members: empty
            0x00,                     // tagged fields
        ])
    }

    func testSyncGroupV3AndV5() {
        let request = SyncGroupRequest(groupId: "g", generationId: 1, memberId: "m", groupInstanceId: nil,
                                       protocolType: "c", protocolName: "r", assignments: [.init(memberId: "m", assignment: [5])])
        assertWire(SyncGroupRequest(groupId: "g", generationId: 1, memberId: "m", groupInstanceId: nil,
                                    assignments: [.init(memberId: "m", assignment: [5])]), version: 3, bytes: [
            0x00, 0x01, 0x67,         // groupId
            0x00, 0x00, 0x00, 0x01,   // generationId 1
            0x00, 0x01, 0x6d,         // memberId
            0xff, 0xff,               // groupInstanceId null
            0x00, 0x00, 0x00, 0x01,   // assignments: 1
            0x00, 0x01, 0x6d,         //   memberId
            0x00, 0x00, 0x00, 0x01, 0x05,   // assignment [5]
        ])
        assertWire(request, version: 5, bytes: [
            0x02, 0x67,               // groupId
            0x00, 0x00, 0x00, 0x01,   // generationId
            0x02, 0x6d,               // memberId
            0x00,                     // groupInstanceId null
            0x02, 0x63,               // protocolType "c"
            0x02, 0x72,               // protocolName "r"
            0x02,                     // assignments: 1
            0x02, 0x6d,               //   memberId
            0x02, 0x05,               //   assignment [5]
            0x00,                     //   tagged fields
            0x00,                     // tagged fields
        ])
        assertWire(SyncGroupResponse(throttleTimeMs: 0, errorCode: 0, assignment: [5]), version: 3, bytes: [
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00,   // throttleTimeMs, errorCode
            0x00, 0x00, 0x00, 0x01, 0x05,         // assignment [5]
        ])
        assertWire(SyncGroupResponse(throttleTimeMs: 0, errorCode: 0, protocolType: "c", protocolName: "r", assignment: []), version: 5, bytes: [
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00,   // throttleTimeMs, errorCode
            0x02, 0x63,               // protocolType "c"
            0x02, 0x72,               // protocolName "r"
            0x01,                     // assignment: empty
            0x00,                     // tagged fields
        ])
    }

    func testHeartbeatV3AndV4() {
        let request = HeartbeatRequest(groupId: "g", generationId: 2, memberId: "m", groupInstanceId: "i")
        assertWire(request, version: 3, bytes: [
            0x00, 0x01, 0x67, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x6d,   // groupId, generationId 2, memberId
            0x00, 0x01, 0x69,         // groupInstanceId "i"
        ])
        assertWire(request, version: 4, bytes: [0x02, 0x67, 0x00, 0x00, 0x00, 0x02, 0x02, 0x6d, 0x02, 0x69,
                                                0x00])   // tagged fields
        assertWire(HeartbeatResponse(throttleTimeMs: 0, errorCode: 27), version: 3, bytes: [0, 0, 0, 0, 0x00, 0x1b])
        assertWire(HeartbeatResponse(throttleTimeMs: 0, errorCode: 27), version: 4, bytes: [0, 0, 0, 0, 0x00, 0x1b, 0x00])
    }

    func testLeaveGroupV1AndV5() {
        assertWire(LeaveGroupRequest(groupId: "g", memberId: "m"), version: 1, bytes: [0x00, 0x01, 0x67, 0x00, 0x01, 0x6d])
        assertWire(LeaveGroupRequest(groupId: "g", members: [.init(memberId: "m", groupInstanceId: nil, reason: "x")]), version: 5, bytes: [
            0x02, 0x67,               // groupId
            0x02,                     // members: 1
            0x02, 0x6d,               //   memberId
            0x00,                     //   groupInstanceId null
            0x02, 0x78,               //   reason "x"
            0x00,                     //   tagged fields
            0x00,                     // tagged fields
        ])
        assertWire(LeaveGroupResponse(throttleTimeMs: 0, errorCode: 0), version: 1, bytes: [0, 0, 0, 0, 0, 0])
        assertWire(LeaveGroupResponse(throttleTimeMs: 0, errorCode: 0, members: [.init(memberId: "m", groupInstanceId: nil, errorCode: 25)]),
                   version: 5, bytes: [
            0, 0, 0, 0, 0, 0,         // throttleTimeMs, errorCode
            0x02,                     // members: 1
            0x02, 0x6d,               //   memberId
            0x00,                     //   groupInstanceId null
            0x00, 0x19,               //   errorCode 25 UNKNOWN_MEMBER_ID
            0x00,                     //   tagged fields
            0x00,                     // tagged fields
        ])
    }

    func testInitProducerIdV1AndV4() {
        assertWire(InitProducerIdRequest(transactionalId: nil, transactionTimeoutMs: 60000), version: 1, bytes: [
            0xff, 0xff,               // transactionalId null
            0x00, 0x00, 0xea, 0x60,   // transactionTimeoutMs 60000
        ])
        assertWire(InitProducerIdRequest(transactionalId: nil, transactionTimeoutMs: 60000, producerId: 5, producerEpoch: 0), version: 4, bytes: [
            0x00,                     // transactionalId null
            0x00, 0x00, 0xea, 0x60,   // transactionTimeoutMs
            0, 0, 0, 0, 0, 0, 0, 0x05,   // producerId 5 (epoch bump)
            0x00, 0x00,               // producerEpoch 0
            0x00,                     // tagged fields
        ])
        let response = InitProducerIdResponse(throttleTimeMs: 0, errorCode: 0, producerId: 1000, producerEpoch: 1)
        assertWire(response, version: 1, bytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x03, 0xe8, 0x00, 0x01])
        assertWire(response, version: 4, bytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x03, 0xe8, 0x00, 0x01, 0x00])
    }

    func testRoundTripsAtEveryVersion() {
        assertRoundTrips(FindCoordinatorRequest(key: "g", keyType: 1))
        assertRoundTrips(FindCoordinatorResponse(errorCode: 15, errorMessage: "x", nodeId: 1, host: "h", port: 1))
        assertRoundTrips(JoinGroupRequest(groupId: "g", sessionTimeoutMs: 1, memberId: "m", groupInstanceId: "i", protocolType: "consumer",
                                          protocols: [.init(name: "range", metadata: [1])], reason: "r"))
        assertRoundTrips(JoinGroupResponse(generationId: 3, protocolType: "consumer", protocolName: "range", leader: "m", memberId: "m",
                                           members: [.init(memberId: "m", groupInstanceId: "i", metadata: [2])]))
        assertRoundTrips(SyncGroupRequest(groupId: "g", generationId: 1, memberId: "m", assignments: [.init(memberId: "m", assignment: [3])]))
        assertRoundTrips(SyncGroupResponse(errorCode: 0, assignment: [4]))
        assertRoundTrips(HeartbeatRequest(groupId: "g", generationId: 1, memberId: "m"))
        assertRoundTrips(LeaveGroupRequest(groupId: "g", memberId: "m", members: [.init(memberId: "m")]))
        assertRoundTrips(LeaveGroupResponse(errorCode: 0, members: [.init(memberId: "m", errorCode: 0)]))
        assertRoundTrips(InitProducerIdRequest(transactionalId: "t", transactionTimeoutMs: 1, producerId: 2, producerEpoch: 3))
        assertRoundTrips(InitProducerIdResponse(producerId: 7, producerEpoch: 8))
    }
}
