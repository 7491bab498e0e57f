import XCTest
@testable import Wire

final class MetadataTests: XCTestCase {
    func testRequestV1NullTopicsMeansAllTopics() {
        assertWire(MetadataRequest(topics: nil), version: 1, bytes: [
            0xff, 0xff, 0xff, 0xff,   // topics: null array
        ])
    }

    func testRequestV1WithOneTopic() {
        assertWire(MetadataRequest(topics: [.init(name: "t")]), version: 1, bytes: [
            0x00, 0x00, 0x00, 0x01,   // topics: count 1
            0x00, 0x01, 0x74,         //   name "t"
        ])
    }

    func testRequestV12() {
        let request = MetadataRequest(topics: [.init(topicId: .zero, name: "t")], allowAutoTopicCreation: true,
                                      includeTopicAuthorizedOperations: false)
        assertWire(request, version: 12, bytes: [
            0x02,                                   // topics: uvarint(1 + 1)
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   // topicId: zero
            0x02, 0x74,                             //   name "t" (compact nullable)
            0x00,                                   //   tagged fields
            0x01,                                   // allowAutoTopicCreation true
            0x00,                                   // includeTopicAuthorizedOperations false
            0x00,                                   // tagged fields
        ])
    }

    func testResponseV1() {
        let response = MetadataResponse(
            brokers: [.init(nodeId: 1, host: "h", port: 9092, rack: nil)], controllerId: 1,
            topics: [.init(errorCode: 0, name: "t", isInternal: false,
                           partitions: [.init(errorCode: 0, partitionIndex: 0, leaderId: 1, replicaNodes: [1], isrNodes: [1])])])
        assertWire(response, version: 1, bytes: [
            0x00, 0x00, 0x00, 0x01,   // brokers: 1
            0x00, 0x00, 0x00, 0x01,   //   nodeId 1
            0x00, 0x01, 0x68,         //   host "h"
            0x00, 0x00, 0x23, 0x84,   //   port 9092
            0xff, 0xff,               //   rack null
            0x00, 0x00, 0x00, 0x01,   // controllerId 1
            0x00, 0x00, 0x00, 0x01,   // topics: 1
            0x00, 0x00,               //   errorCode 0
            0x00, 0x01, 0x74,         //   name "t"
            0x00,                     //   isInternal false
            0x00, 0x00, 0x00, 0x01,   //   partitions: 1
            0x00, 0x00,               //     errorCode 0
            0x00, 0x00, 0x00, 0x00,   //     partitionIndex 0
            0x00, 0x00, 0x00, 0x01,   //     leaderId 1
            0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,   // replicaNodes [1]
            0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,   // isrNodes [1]
        ])
    }

    func testResponseV12() {
        let response = MetadataResponse(
            throttleTimeMs: 0, brokers: [.init(nodeId: 1, host: "h", port: 9092, rack: nil)], clusterId: "c1", controllerId: 1,
            topics: [.init(errorCode: 0, name: "t", topicId: sampleUUID, isInternal: false,
                           partitions: [.init(errorCode: 0, partitionIndex: 0, leaderId: 1, leaderEpoch: 0,
                                              replicaNodes: [1], isrNodes: [1], offlineReplicas: [])],
                           topicAuthorizedOperations: Int32.min)])
        assertWire(response, version: 12, bytes: [
            0x00, 0x00, 0x00, 0x00,   // throttleTimeMs 0
            0x02,                     // brokers: 1
            0x00, 0x00, 0x00, 0x01,   //   nodeId 1
            0x02, 0x68,               //   host "h"
            0x00, 0x00, 0x23, 0x84,   //   port 9092
            0x00,                     //   rack null
            0x00,                     //   tagged fields
            0x03, 0x63, 0x31,         // clusterId "c1"
            0x00, 0x00, 0x00, 0x01,   // controllerId 1
            0x02,                     // topics: 1
            0x00, 0x00,               //   errorCode 0
            0x02, 0x74,               //   name "t"
        ] + sampleUUIDBytes + [       //   topicId
            0x00,                     //   isInternal false
            0x02,                     //   partitions: 1
            0x00, 0x00,               //     errorCode
            0x00, 0x00, 0x00, 0x00,   //     partitionIndex 0
            0x00, 0x00, 0x00, 0x01,   //     leaderId 1
            0x00, 0x00, 0x00, 0x00,   //     leaderEpoch 0
            0x02, 0x00, 0x00, 0x00, 0x01,   // replicaNodes [1]
            0x02, 0x00, 0x00, 0x00, 0x01,   // isrNodes [1]
            0x01,                     //     offlineReplicas []
            0x00,                     //     tagged fields
            0x80, 0x00, 0x00, 0x00,   //   topicAuthorizedOperations INT32_MIN
            0x00,                     //   tagged fields
            0x00,                     // tagged fields
        ])
    }

    func testRoundTripsAtEveryVersion() {
        assertRoundTrips(MetadataRequest(topics: [.init(topicId: sampleUUID, name: "orders")], allowAutoTopicCreation: false))
        assertRoundTrips(MetadataResponse(throttleTimeMs: 3, brokers: [.init(nodeId: 0, host: "localhost", port: 9092, rack: "r")],
                                          clusterId: "abc", controllerId: 0,
                                          topics: [.init(errorCode: 3, name: "x", partitions: [.init(leaderId: 0, replicaNodes: [0])])]))
    }
}
