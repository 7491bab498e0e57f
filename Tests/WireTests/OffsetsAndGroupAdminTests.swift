import XCTest
@testable import Wire

/// OffsetCommit, OffsetFetch, DescribeGroups, ListGroups, DeleteGroups.
/// Strings in vectors: "g" = 0x67, "m" = 0x6d, "t" = 0x74, "c" = 0x63, "S" = 0x53.
final class OffsetsAndGroupAdminTests: XCTestCase {
    func testOffsetCommitV2AndV8() {
        assertWire(OffsetCommitRequest(groupId: "g", generationIdOrMemberEpoch: -1, memberId: "", retentionTimeMs: -1,
                                       topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, committedOffset: 9, committedMetadata: "")])]),
                   version: 2, bytes: [
            0x00, 0x01, 0x67,         // groupId "g"
            0xff, 0xff, 0xff, 0xff,   // generationIdOrMemberEpoch -1 (simple commit)
            0x00, 0x00,               // memberId ""
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,   // retentionTimeMs -1
            0x00, 0x00, 0x00, 0x01,   // topics: 1
            0x00, 0x01, 0x74,         //   name "t"
            0x00, 0x00, 0x00, 0x01,   //   partitions: 1
            0x00, 0x00, 0x00, 0x00,   //     partitionIndex 0
            0, 0, 0, 0, 0, 0, 0, 0x09,   //   committedOffset 9
            0x00, 0x00,               //     committedMetadata ""
        ])
        assertWire(OffsetCommitRequest(groupId: "g", generationIdOrMemberEpoch: 3, memberId: "m", groupInstanceId: nil,
                                       topics: [.init(name: "t", partitions: [.init(partitionIndex: 1, committedOffset: 9, committedLeaderEpoch: 0, committedMetadata: nil)])]),
                   version: 8, bytes: [
            0x02, 0x67,               // groupId
            0x00, 0x00, 0x00, 0x03,   // generationIdOrMemberEpoch 3
            0x02, 0x6d,               // memberId "m"
            0x00,                     // groupInstanceId null
            0x02,                     // topics: 1
            0x02, 0x74,               //   name
            0x02,                     //   partitions: 1
            0x00, 0x00, 0x00, 0x01,   //     partitionIndex 1
            0, 0, 0, 0, 0, 0, 0, 0x09,   //   committedOffset 9
            0x00, 0x00, 0x00, 0x00,   //     committedLeaderEpoch 0
            0x00,                     //     committedMetadata null
            0x00, 0x00,               //     tagged fields (partition, topic)
            0x00,                     // tagged fields
        ])
        let response = OffsetCommitResponse(throttleTimeMs: 0, topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, errorCode: 22)])])
        assertWire(response, version: 2, bytes: [
            0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x74,   // topics: 1, name "t"
            0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x16,   // partitions: 1, index 0, errorCode 22
        ])
        assertWire(response, version: 8, bytes: [
            0x00, 0x00, 0x00, 0x00,   // throttleTimeMs
            0x02, 0x02, 0x74,         // topics: 1, name "t"
            0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x16,   // partitions: 1, index 0, errorCode 22
            0x00, 0x00, 0x00,         // tagged fields: partition, topic, response
        ])
    }

    func testOffsetFetchV1AndV7() {
        assertWire(OffsetFetchRequest(groupId: "g", topics: [.init(name: "t", partitionIndexes: [0, 1])]), version: 1, bytes: [
            0x00, 0x01, 0x67,         // groupId
            0x00, 0x00, 0x00, 0x01,   // topics: 1
            0x00, 0x01, 0x74,         //   name
            0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,   // partitionIndexes [0, 1]
        ])
        assertWire(OffsetFetchRequest(groupId: "g", topics: nil, requireStable: true), version: 7, bytes: [
            0x02, 0x67,               // groupId
            0x00,                     // topics: null = all committed
            0x01,                     // requireStable true
            0x00,                     // tagged fields
        ])
        assertWire(OffsetFetchResponse(topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, committedOffset: -1, metadata: "", errorCode: 0)])]),
                   version: 1, bytes: [
            0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x74,   // topics: 1, name "t"
            0x00, 0x00, 0x00, 0x01,   //   partitions: 1
            0x00, 0x00, 0x00, 0x00,   //     partitionIndex 0
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,   // committedOffset -1 (none)
            0x00, 0x00,               //     metadata ""
            0x00, 0x00,               //     errorCode
        ])
        assertWire(OffsetFetchResponse(throttleTimeMs: 0, topics: [.init(name: "t", partitions: [
            .init(partitionIndex: 0, committedOffset: 5, committedLeaderEpoch: -1, metadata: nil, errorCode: 0)])], errorCode: 0),
                   version: 7, bytes: [
            0x00, 0x00, 0x00, 0x00,   // throttleTimeMs
            0x02, 0x02, 0x74,         // topics: 1, name "t"
            0x02,                     //   partitions: 1
            0x00, 0x00, 0x00, 0x00,   //     partitionIndex
            0, 0, 0, 0, 0, 0, 0, 0x05,   //   committedOffset 5
            0xff, 0xff, 0xff, 0xff,   //     committedLeaderEpoch -1
            0x00,                     //     metadata null
            0x00, 0x00,               //     errorCode
            0x00, 0x00,               //     tagged fields (partition, topic)
            0x00, 0x00,               // errorCode
            0x00,                     // tagged fields
        ])
    }

    func testDescribeGroupsV4AndV5() {
        assertWire(DescribeGroupsRequest(groups: ["g"], includeAuthorizedOperations: false), version: 4, bytes: [
            0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x67,   // groups ["g"]
            0x00,                                       // includeAuthorizedOperations false
        ])
        assertWire(DescribeGroupsRequest(groups: ["g"], includeAuthorizedOperations: false), version: 5, bytes: [
            0x02, 0x02, 0x67, 0x00, 0x00,   // groups ["g"], includeAuthorizedOperations, tagged fields
        ])
        let response = DescribeGroupsResponse(throttleTimeMs: 0, groups: [.init(
            errorCode: 0, groupId: "g", groupState: "S", protocolType: "c", protocolData: "",
            members: [.init(memberId: "m", groupInstanceId: nil, clientId: "", clientHost: "", memberMetadata: [1], memberAssignment: [])],
            authorizedOperations: Int32.min)])
        assertWire(response, version: 4, bytes: [
            0x00, 0x00, 0x00, 0x00,   // throttleTimeMs
            0x00, 0x00, 0x00, 0x01,   // groups: 1
            0x00, 0x00,               //   errorCode
            0x00, 0x01, 0x67,         //   groupId "g"
            0x00, 0x01, 0x53,         //   groupState "S"
            0x00, 0x01, 0x63,         //   protocolType "c"
            0x00, 0x00,               //   protocolData ""
            0x00, 0x00, 0x00, 0x01,   //   members: 1
            0x00, 0x01, 0x6d,         //     memberId
            0xff, 0xff,               //     groupInstanceId null
            0x00, 0x00,               //     clientId ""
            0x00, 0x00,               //     clientHost ""
            0x00, 0x00, 0x00, 0x01, 0x01,   // memberMetadata [1]
            0x00, 0x00, 0x00, 0x00,   //     memberAssignment []
            0x80, 0x00, 0x00, 0x00,   //   authorizedOperations INT32_MIN
        ])
        assertWire(response, version: 5, bytes: [
            0x00, 0x00, 0x00, 0x00,   // throttleTimeMs
            0x02,                     // groups: 1
            0x00, 0x00,               //   errorCode
            0x02, 0x67, 0x02, 0x53, 0x02, 0x63, 0x01,   // groupId, groupState, protocolType, protocolData ""
            0x02,                     //   members: 1
            0x02, 0x6d, 0x00, 0x01, 0x01,   // memberId, groupInstanceId null, clientId "", clientHost ""
            0x02, 0x01,               //     memberMetadata [1]
            0x01,                     //     memberAssignment []
            0x00,                     //     tagged fields
            0x80, 0x00, 0x00, 0x00,   //   authorizedOperations
            0x00,                     //   tagged fields
            0x00,                     // tagged fields
        ])
    }

    func testListGroupsV2AndV4() {
        assertWire(ListGroupsRequest(), version: 2, bytes: [])
        assertWire(ListGroupsRequest(statesFilter: ["S"]), version: 4, bytes: [0x02, 0x02, 0x53, 0x00])
        let response = ListGroupsResponse(throttleTimeMs: 0, errorCode: 0, groups: [.init(groupId: "g", protocolType: "c", groupState: "S")])
        assertWire(ListGroupsResponse(throttleTimeMs: 0, errorCode: 0, groups: [.init(groupId: "g", protocolType: "c")]), version: 2, bytes: [
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00,   // throttleTimeMs, errorCode
            0x00, 0x00, 0x00, 0x01,   // groups: 1
            0x00, 0x01, 0x67, 0x00, 0x01, 0x63,   // groupId "g", protocolType "c"
        ])
        assertWire(response, version: 4, bytes: [
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00,   // throttleTimeMs, errorCode
            0x02,                     // groups: 1
            0x02, 0x67, 0x02, 0x63, 0x02, 0x53,   // groupId, protocolType, groupState "S"
            0x00,                     //   tagged fields
            0x00,                     // tagged fields
        ])
    }

    func testDeleteGroupsV1AndV2() {
        assertWire(DeleteGroupsRequest(groupsNames: ["g"]), version: 1, bytes: [0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x67])
        assertWire(DeleteGroupsRequest(groupsNames: ["g"]), version: 2, bytes: [0x02, 0x02, 0x67, 0x00])
        let response = DeleteGroupsResponse(throttleTimeMs: 0, results: [.init(groupId: "g", errorCode: 68)])
        assertWire(response, version: 1, bytes: [0, 0, 0, 0, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x67, 0x00, 0x44])
        assertWire(response, version: 2, bytes: [0, 0, 0, 0, 0x02, 0x02, 0x67, 0x00, 0x44, 0x00, 0x00])
    }

    func testRoundTripsAtEveryVersion() {
        assertRoundTrips(OffsetCommitRequest(groupId: "g", generationIdOrMemberEpoch: 1, memberId: "m", groupInstanceId: "i", retentionTimeMs: 5,
                                             topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, committedOffset: 1, committedMetadata: "x")])]))
        assertRoundTrips(OffsetFetchRequest(groupId: "g", topics: [.init(name: "t", partitionIndexes: [3])], requireStable: true))
        assertRoundTrips(OffsetFetchResponse(throttleTimeMs: 1, topics: [.init(name: "t", partitions: [.init(partitionIndex: 3, committedOffset: 4, metadata: "m")])], errorCode: 0))
        assertRoundTrips(DescribeGroupsResponse(groups: [.init(groupId: "g", groupState: "Stable", members: [.init(memberId: "m", memberMetadata: [1])])]))
        assertRoundTrips(ListGroupsRequest(statesFilter: ["Stable"], typesFilter: ["classic"]))
        assertRoundTrips(DeleteGroupsResponse(throttleTimeMs: 2, results: [.init(groupId: "g", errorCode: 0)]))
    }
}
