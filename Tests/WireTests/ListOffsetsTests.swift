import XCTest
@testable import Wire

final class ListOffsetsTests: XCTestCase {
    func testRequestV1() {
        assertWire(ListOffsetsRequest(replicaId: -1, topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, timestamp: -2)])]),
                   version: 1, bytes: [
            0xff, 0xff, 0xff, 0xff,   // replicaId -1
            0x00, 0x00, 0x00, 0x01,   // topics: 1
            0x00, 0x01, 0x74,         //   name "t"
            0x00, 0x00, 0x00, 0x01,   //   partitions: 1
            0x00, 0x00, 0x00, 0x00,   //     partitionIndex 0
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,   // timestamp -2 (earliest)
        ])
    }

    func testRequestV7() {
        assertWire(ListOffsetsRequest(replicaId: -1, isolationLevel: 1,
                                      topics: [.init(name: "t", partitions: [.init(partitionIndex: 1, currentLeaderEpoch: 0, timestamp: -1)])]),
                   version: 7, bytes: [
            0xff, 0xff, 0xff, 0xff,   // replicaId -1
            0x01,                     // isolationLevel 1
            0x02,                     // topics: 1
            0x02, 0x74,               //   name "t"
            0x02,                     //   partitions: 1
            0x00, 0x00, 0x00, 0x01,   //     partitionIndex 1
            0x00, 0x00, 0x00, 0x00,   //     currentLeaderEpoch 0
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,   // timestamp -1 (latest)
            0x00,                     //     tagged fields
            0x00,                     //   tagged fields
            0x00,                     // tagged fields
        ])
    }

    func testResponseV1() {
        assertWire(ListOffsetsResponse(topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, errorCode: 0, timestamp: -1, offset: 5)])]),
                   version: 1, bytes: [
            0x00, 0x00, 0x00, 0x01,   // topics: 1
            0x00, 0x01, 0x74,         //   name "t"
            0x00, 0x00, 0x00, 0x01,   //   partitions: 1
            0x00, 0x00, 0x00, 0x00,   //     partitionIndex 0
            0x00, 0x00,               //     errorCode 0
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,   // timestamp -1
            0, 0, 0, 0, 0, 0, 0, 0x05,   //   offset 5
        ])
    }

    func testResponseV7() {
        assertWire(ListOffsetsResponse(throttleTimeMs: 0, topics: [.init(name: "t", partitions: [
            .init(partitionIndex: 0, errorCode: 0, timestamp: -1, offset: 5, leaderEpoch: 0)])]),
                   version: 7, bytes: [
            0x00, 0x00, 0x00, 0x00,   // throttleTimeMs
            0x02,                     // topics: 1
            0x02, 0x74,               //   name "t"
            0x02,                     //   partitions: 1
            0x00, 0x00, 0x00, 0x00,   //     partitionIndex 0
            0x00, 0x00,               //     errorCode 0
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,   // timestamp -1
            0, 0, 0, 0, 0, 0, 0, 0x05,   //   offset 5
            0x00, 0x00, 0x00, 0x00,   //     leaderEpoch 0
            0x00,                     //     tagged fields
            0x00,                     //   tagged fields
            0x00,                     // tagged fields
        ])
    }

    func testRoundTripsAtEveryVersion() {
        assertRoundTrips(ListOffsetsRequest(replicaId: -1, isolationLevel: 1, topics: [.init(name: "a", partitions: [.init(partitionIndex: 2, timestamp: 1234)])]))
        assertRoundTrips(ListOffsetsResponse(throttleTimeMs: 2, topics: [.init(name: "a", partitions: [.init(partitionIndex: 2, offset: 77)])]))
    }
}
