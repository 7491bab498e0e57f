import XCTest
@testable import Wire

/// DeleteRecords, OffsetForLeaderEpoch, CreatePartitions, DescribeCluster, DescribeConfigs,
/// AlterConfigs, IncrementalAlterConfigs. Strings: "t" = 0x74, "h" = 0x68, "c" = 0x63, "a" = 0x61, "b" = 0x62.
final class AdminTests: XCTestCase {
    func testDeleteRecords() {
        let request = DeleteRecordsRequest(topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, offset: -1)])], timeoutMs: 1000)
        assertWire(request, version: 1, bytes: [
            0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x74,   // topics: 1, name "t"
            0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,   // partitions: 1, partitionIndex 0
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,   // offset -1 (high watermark)
            0x00, 0x00, 0x03, 0xe8,   // timeoutMs
        ])
        assertWire(request, version: 2, bytes: [
            0x02, 0x02, 0x74,         // topics: 1, name "t"
            0x02, 0x00, 0x00, 0x00, 0x00,   // partitions: 1, partitionIndex 0
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,   // offset -1
            0x00, 0x00,               // tagged fields (partition, topic)
            0x00, 0x00, 0x03, 0xe8,   // timeoutMs
            0x00,                     // tagged fields
        ])
        let response = DeleteRecordsResponse(throttleTimeMs: 0, topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, lowWatermark: 4, errorCode: 0)])])
        assertWire(response, version: 1, bytes: [
            0, 0, 0, 0,               // throttleTimeMs
            0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x74,   // topics: 1, name
            0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,   // partitions: 1, index 0
            0, 0, 0, 0, 0, 0, 0, 0x04,   // lowWatermark 4
            0x00, 0x00,               // errorCode
        ])
        assertWire(response, version: 2, bytes: [
            0, 0, 0, 0, 0x02, 0x02, 0x74, 0x02, 0x00, 0x00, 0x00, 0x00,
            0, 0, 0, 0, 0, 0, 0, 0x04, 0x00, 0x00,
            0x00, 0x00, 0x00,         // tagged fields: partition, topic, response
        ])
    }

    func testOffsetForLeaderEpoch() {
        // replicaId is absent before v3; decoding leaves Kafka's default, -2 (a consumer).
        var request = OffsetForLeaderEpochRequest(topics: [.init(topic: "t", partitions: [.init(partition: 0, currentLeaderEpoch: 0, leaderEpoch: 0)])])
        XCTAssertEqual(request.replicaId, -2)
        assertWire(request, version: 2, bytes: [
            0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x74,   // topics: 1, topic "t"
            0x00, 0x00, 0x00, 0x01,   //   partitions: 1
            0x00, 0x00, 0x00, 0x00,   //     partition 0
            0x00, 0x00, 0x00, 0x00,   //     currentLeaderEpoch 0
            0x00, 0x00, 0x00, 0x00,   //     leaderEpoch 0
        ])
        request.replicaId = -1
        assertWire(request, version: 4, bytes: [
            0xff, 0xff, 0xff, 0xff,   // replicaId -1
            0x02, 0x02, 0x74, 0x02,   // topics: 1, "t", partitions: 1
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   // partition, currentLeaderEpoch, leaderEpoch
            0x00, 0x00, 0x00,         // tagged fields: partition, topic, request
        ])
        let response = OffsetForLeaderEpochResponse(throttleTimeMs: 0, topics: [.init(topic: "t", partitions: [.init(errorCode: 0, partition: 0, leaderEpoch: 0, endOffset: 12)])])
        assertWire(response, version: 2, bytes: [
            0, 0, 0, 0,               // throttleTimeMs
            0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x74, 0x00, 0x00, 0x00, 0x01,   // topics: 1, "t", partitions: 1
            0x00, 0x00,               // errorCode
            0x00, 0x00, 0x00, 0x00,   // partition
            0x00, 0x00, 0x00, 0x00,   // leaderEpoch 0
            0, 0, 0, 0, 0, 0, 0, 0x0c,   // endOffset 12
        ])
        assertWire(response, version: 4, bytes: [
            0, 0, 0, 0, 0x02, 0x02, 0x74, 0x02,
            0x00, 0x00,               // errorCode
            0x00, 0x00, 0x00, 0x00,   // partition 0
            0x00, 0x00, 0x00, 0x00,   // leaderEpoch 0
            0, 0, 0, 0, 0, 0, 0, 0x0c,   // endOffset 12
            0x00, 0x00, 0x00,         // tagged fields
        ])
    }

    func testCreatePartitions() {
        let request = CreatePartitionsRequest(topics: [.init(name: "t", count: 4, assignments: nil)], timeoutMs: 1000, validateOnly: false)
        assertWire(request, version: 1, bytes: [
            0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x74,   // topics: 1, name "t"
            0x00, 0x00, 0x00, 0x04,   //   count 4
            0xff, 0xff, 0xff, 0xff,   //   assignments null
            0x00, 0x00, 0x03, 0xe8,   // timeoutMs
            0x00,                     // validateOnly
        ])
        assertWire(request, version: 2, bytes: [0x02, 0x02, 0x74, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00])
        let response = CreatePartitionsResponse(throttleTimeMs: 0, results: [.init(name: "t", errorCode: 37, errorMessage: nil)])
        assertWire(response, version: 1, bytes: [0, 0, 0, 0, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x74, 0x00, 0x25, 0xff, 0xff])
        assertWire(response, version: 2, bytes: [0, 0, 0, 0, 0x02, 0x02, 0x74, 0x00, 0x25, 0x00, 0x00, 0x00])
    }

    func testDescribeClusterIsAlwaysFlexible() {
        assertWire(DescribeClusterRequest(includeClusterAuthorizedOperations: false), version: 0, bytes: [0x00, 0x00])
        let response = DescribeClusterResponse(throttleTimeMs: 0, errorCode: 0, errorMessage: nil, endpointType: 1, clusterId: "c",
                                               controllerId: 1, brokers: [.init(brokerId: 1, host: "h", port: 9092, rack: nil)],
                                               clusterAuthorizedOperations: Int32.min)
        assertWire(response, version: 1, bytes: [
            0, 0, 0, 0,               // throttleTimeMs
            0x00, 0x00,               // errorCode
            0x00,                     // errorMessage null
            0x01,                     // endpointType 1 (brokers)
            0x02, 0x63,               // clusterId "c"
            0x00, 0x00, 0x00, 0x01,   // controllerId 1
            0x02,                     // brokers: 1
            0x00, 0x00, 0x00, 0x01, 0x02, 0x68, 0x00, 0x00, 0x23, 0x84, 0x00,   // brokerId, host "h", port, rack null
            0x00,                     //   tagged fields
            0x80, 0x00, 0x00, 0x00,   // clusterAuthorizedOperations
            0x00,                     // tagged fields
        ])
    }

    func testDescribeConfigs() {
        assertWire(DescribeConfigsRequest(resources: [.init(resourceType: 2, resourceName: "t", configurationKeys: nil)], includeSynonyms: true),
                   version: 1, bytes: [
            0x00, 0x00, 0x00, 0x01,   // resources: 1
            0x02,                     //   resourceType 2 (topic)
            0x00, 0x01, 0x74,         //   resourceName "t"
            0xff, 0xff, 0xff, 0xff,   //   configurationKeys null = all
            0x01,                     // includeSynonyms
        ])
        let response = DescribeConfigsResponse(throttleTimeMs: 0, results: [.init(
            errorCode: 0, errorMessage: nil, resourceType: 2, resourceName: "t",
            configs: [.init(name: "a", value: "b", readOnly: false, configSource: 5, isSensitive: false,
                            synonyms: [], configType: 2, documentation: nil)])])
        assertWire(response, version: 4, bytes: [
            0, 0, 0, 0,               // throttleTimeMs
            0x02,                     // results: 1
            0x00, 0x00, 0x00,         //   errorCode, errorMessage null
            0x02, 0x02, 0x74,         //   resourceType 2, resourceName "t"
            0x02,                     //   configs: 1
            0x02, 0x61, 0x02, 0x62,   //     name "a", value "b"
            0x00, 0x05, 0x00,         //     readOnly, configSource 5, isSensitive
            0x01,                     //     synonyms: empty
            0x02,                     //     configType 2
            0x00,                     //     documentation null
            0x00, 0x00, 0x00,         // tagged fields: config, result, response
        ])
    }

    func testAlterConfigsAndIncremental() {
        let request = AlterConfigsRequest(resources: [.init(resourceType: 2, resourceName: "t", configs: [.init(name: "a", value: "b")])], validateOnly: false)
        assertWire(request, version: 1, bytes: [
            0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x01, 0x74,   // resources: 1, type 2, name "t"
            0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x61, 0x00, 0x01, 0x62,   // configs: 1, "a" = "b"
            0x00,                     // validateOnly
        ])
        assertWire(request, version: 2, bytes: [0x02, 0x02, 0x02, 0x74, 0x02, 0x02, 0x61, 0x02, 0x62, 0x00, 0x00, 0x00, 0x00])
        let response = IncrementalAlterConfigsResponse(throttleTimeMs: 0, responses: [.init(errorCode: 0, errorMessage: nil, resourceType: 2, resourceName: "t")])
        assertWire(response, version: 0, bytes: [0, 0, 0, 0, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0xff, 0xff, 0x02, 0x00, 0x01, 0x74])
        assertWire(response, version: 1, bytes: [0, 0, 0, 0, 0x02, 0x00, 0x00, 0x00, 0x02, 0x02, 0x74, 0x00, 0x00])
    }

    func testRoundTripsAtEveryVersion() {
        assertRoundTrips(CreatePartitionsRequest(topics: [.init(name: "t", count: 3, assignments: [.init(brokerIds: [1])])], timeoutMs: 1, validateOnly: true))
        assertRoundTrips(DescribeConfigsRequest(resources: [.init(resourceType: 4, resourceName: "1", configurationKeys: ["x"])], includeSynonyms: true, includeDocumentation: true))
        assertRoundTrips(DescribeConfigsResponse(results: [.init(resourceType: 2, resourceName: "t", configs: [
            .init(name: "a", value: nil, synonyms: [.init(name: "a", value: "1", source: 5)], documentation: "d")])]))
        assertRoundTrips(IncrementalAlterConfigsRequest(resources: [.init(resourceType: 2, resourceName: "t", configs: [.init(name: "a", configOperation: 1, value: nil)])]))
        assertRoundTrips(AlterConfigsResponse(responses: [.init(errorCode: 40, errorMessage: "bad", resourceType: 2, resourceName: "t")]))
        assertRoundTrips(DescribeClusterResponse(clusterId: "c", brokers: [.init(brokerId: 0, host: "h", port: 1, rack: "r")]))
        assertRoundTrips(OffsetForLeaderEpochResponse(topics: [.init(topic: "t", partitions: [.init(partition: 1, leaderEpoch: 0, endOffset: 3)])]))
    }
}

final class SaslHandshakeTests: XCTestCase {
    func testHandshakeV1IsNeverFlexible() {
        assertWire(SaslHandshakeRequest(mechanism: "PLAIN"), version: 1, bytes: [0x00, 0x05, 0x50, 0x4c, 0x41, 0x49, 0x4e])   // "PLAIN"
        assertWire(SaslHandshakeResponse(errorCode: 0, mechanisms: ["PLAIN"]), version: 1, bytes: [
            0x00, 0x00,                                   // errorCode
            0x00, 0x00, 0x00, 0x01, 0x00, 0x05, 0x50, 0x4c, 0x41, 0x49, 0x4e,   // mechanisms ["PLAIN"]
        ])
    }
}
