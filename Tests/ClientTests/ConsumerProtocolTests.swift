import XCTest
@testable import Client

/// Byte layouts derived by hand from ConsumerProtocolSubscription/Assignment.json (never flexible:
/// int16 string lengths, int32 array counts and byte lengths, -1 for null).
final class ConsumerProtocolTests: XCTestCase {
    func testAssignmentV0EncodesTopicsThenPartitionsThenNullUserData() throws {
        let assignment = ConsumerProtocol.Assignment(partitions: [TopicPartition("t", 0), TopicPartition("t", 2)])
        let expected: [UInt8] = [
            0x00, 0x00,                     // version 0
            0x00, 0x00, 0x00, 0x01,         // 1 topic
            0x00, 0x01, 0x74,               // "t"
            0x00, 0x00, 0x00, 0x02,         // 2 partitions
            0x00, 0x00, 0x00, 0x00,         // 0
            0x00, 0x00, 0x00, 0x02,         // 2
            0xFF, 0xFF, 0xFF, 0xFF,         // user data: null
        ]
        XCTAssertEqual(assignment.encoded(version: 0), expected)
        XCTAssertEqual(try ConsumerProtocol.Assignment(decoding: expected), assignment)
    }

    func testAssignmentGroupsPartitionsByTopicInFirstSeenOrder() throws {
        let assignment = ConsumerProtocol.Assignment(partitions: [TopicPartition("b", 1), TopicPartition("a", 0), TopicPartition("b", 0)])
        let decoded = try ConsumerProtocol.Assignment(decoding: assignment.encoded())
        XCTAssertEqual(decoded.partitions, [TopicPartition("b", 1), TopicPartition("b", 0), TopicPartition("a", 0)])
    }

    func testEmptyAssignmentBytesMeanNoPartitions() throws {
        XCTAssertEqual(try ConsumerProtocol.Assignment(decoding: []).partitions, [])
    }

    func testSubscriptionV1AddsOwnedPartitions() throws {
        let subscription = ConsumerProtocol.Subscription(topics: ["a", "b"])
        let expected: [UInt8] = [
            0x00, 0x01,                     // version 1
            0x00, 0x00, 0x00, 0x02,         // 2 topics
            0x00, 0x01, 0x61,               // "a"
            0x00, 0x01, 0x62,               // "b"
            0xFF, 0xFF, 0xFF, 0xFF,         // user data: null
            0x00, 0x00, 0x00, 0x00,         // owned partitions: none
        ]
        XCTAssertEqual(subscription.encoded(version: 1), expected)
        XCTAssertEqual(try ConsumerProtocol.Subscription(decoding: expected), subscription)
        XCTAssertEqual(Array(subscription.encoded(version: 0)), Array(expected.prefix(16)) .enumerated().map { $0.offset == 1 ? 0 : $0.element })
    }

    func testSubscriptionV3FromJavaIsReadForItsTopics() throws {
        // v3 = v1 + generation id (int32) + rack id (nullable string): later fields are ignored.
        let bytes: [UInt8] = [0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x78, 0xFF, 0xFF, 0xFF, 0xFF,
                              0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0xFF, 0xFF]
        XCTAssertEqual(try ConsumerProtocol.Subscription(decoding: bytes).topics, ["x"])
    }

    func testRangeAssignorGivesEarlierMembersTheExtraPartitions() {
        let members = [RangeAssignor.Member(memberId: "m2", topics: ["t"]), RangeAssignor.Member(memberId: "m1", topics: ["t", "u"])]
        let result = RangeAssignor.assign(members: members, partitionCounts: ["t": 5, "u": 2])
        XCTAssertEqual(result["m1"], [TopicPartition("t", 0), TopicPartition("t", 1), TopicPartition("t", 2), TopicPartition("u", 0), TopicPartition("u", 1)])
        XCTAssertEqual(result["m2"], [TopicPartition("t", 3), TopicPartition("t", 4)])
    }
}
