import XCTest
@testable import Wire

final class CreateTopicsTests: XCTestCase {
    func testRequestV4() {
        let request = CreateTopicsRequest(topics: [.init(name: "t", numPartitions: 3, replicationFactor: 1, assignments: [],
                                                         configs: [.init(name: "a", value: nil)])],
                                          timeoutMs: 60000, validateOnly: false)
        assertWire(request, version: 4, bytes: [
            0x00, 0x00, 0x00, 0x01,   // topics: 1
            0x00, 0x01, 0x74,         //   name "t"
            0x00, 0x00, 0x00, 0x03,   //   numPartitions 3
            0x00, 0x01,               //   replicationFactor 1
            0x00, 0x00, 0x00, 0x00,   //   assignments: empty
            0x00, 0x00, 0x00, 0x01,   //   configs: 1
            0x00, 0x01, 0x61,         //     name "a"
            0xff, 0xff,               //     value null
            0x00, 0x00, 0xea, 0x60,   // timeoutMs 60000
            0x00,                     // validateOnly false
        ])
    }

    func testRequestV7() {
        let request = CreateTopicsRequest(topics: [.init(name: "t", numPartitions: -1, replicationFactor: -1,
                                                         assignments: [.init(partitionIndex: 0, brokerIds: [1])], configs: [])],
                                          timeoutMs: 30000, validateOnly: true)
        assertWire(request, version: 7, bytes: [
            0x02,                     // topics: 1
            0x02, 0x74,               //   name "t"
            0xff, 0xff, 0xff, 0xff,   //   numPartitions -1 (broker default)
            0xff, 0xff,               //   replicationFactor -1
            0x02,                     //   assignments: 1
            0x00, 0x00, 0x00, 0x00,   //     partitionIndex 0
            0x02, 0x00, 0x00, 0x00, 0x01,   // brokerIds [1]
            0x00,                     //     tagged fields
            0x01,                     //   configs: empty
            0x00,                     //   tagged fields
            0x00, 0x00, 0x75, 0x30,   // timeoutMs 30000
            0x01,                     // validateOnly true
            0x00,                     // tagged fields
        ])
    }

    func testResponseV4() {
        assertWire(CreateTopicsResponse(throttleTimeMs: 0, topics: [.init(name: "t", errorCode: 36, errorMessage: nil)]),
                   version: 4, bytes: [
            0x00, 0x00, 0x00, 0x00,   // throttleTimeMs
            0x00, 0x00, 0x00, 0x01,   // topics: 1
            0x00, 0x01, 0x74,         //   name "t"
            0x00, 0x24,               //   errorCode 36 TOPIC_ALREADY_EXISTS
            0xff, 0xff,               //   errorMessage null
        ])
    }

    func testResponseV7() {
        let response = CreateTopicsResponse(throttleTimeMs: 0, topics: [.init(
            name: "t", topicId: sampleUUID, errorCode: 0, errorMessage: nil, numPartitions: 1, replicationFactor: 1,
            configs: [.init(name: "a", value: "b", readOnly: false, configSource: 5, isSensitive: false)])])
        assertWire(response, version: 7, bytes: [
            0x00, 0x00, 0x00, 0x00,   // throttleTimeMs
            0x02,                     // topics: 1
            0x02, 0x74,               //   name "t"
        ] + sampleUUIDBytes + [       //   topicId
            0x00, 0x00,               //   errorCode 0
            0x00,                     //   errorMessage null
            0x00, 0x00, 0x00, 0x01,   //   numPartitions 1
            0x00, 0x01,               //   replicationFactor 1
            0x02,                     //   configs: 1
            0x02, 0x61,               //     name "a"
            0x02, 0x62,               //     value "b"
            0x00,                     //     readOnly false
            0x05,                     //     configSource 5 (default config)
            0x00,                     //     isSensitive false
            0x00,                     //     tagged fields
            0x00,                     //   tagged fields (topicConfigErrorCode 0: not written)
            0x00,                     // tagged fields
        ])
    }

    func testOldVersionsDecodeToo() {
        assertRoundTrips(CreateTopicsRequest(topics: [.init(name: "x", numPartitions: 2, replicationFactor: 1)], timeoutMs: 5))
        assertRoundTrips(CreateTopicsResponse(throttleTimeMs: 1, topics: [.init(name: "x", errorCode: 0, errorMessage: "ok", configs: nil)]))
    }
}
