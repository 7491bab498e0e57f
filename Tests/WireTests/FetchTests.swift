import XCTest
@testable import Wire

final class FetchTests: XCTestCase {
    func testRequestV4() {
        let request = FetchRequest(replicaId: -1, maxWaitMs: 500, minBytes: 1, maxBytes: 52_428_800, isolationLevel: 1,
                                   topics: [.init(topic: "t", partitions: [.init(partition: 0, fetchOffset: 5, partitionMaxBytes: 1_048_576)])])
        assertWire(request, version: 4, bytes: [
            0xff, 0xff, 0xff, 0xff,   // replicaId -1
            0x00, 0x00, 0x01, 0xf4,   // maxWaitMs 500
            0x00, 0x00, 0x00, 0x01,   // minBytes 1
            0x03, 0x20, 0x00, 0x00,   // maxBytes 52428800
            0x01,                     // isolationLevel 1 (read committed)
            0x00, 0x00, 0x00, 0x01,   // topics: 1
            0x00, 0x01, 0x74,         //   topic "t"
            0x00, 0x00, 0x00, 0x01,   //   partitions: 1
            0x00, 0x00, 0x00, 0x00,   //     partition 0
            0, 0, 0, 0, 0, 0, 0, 0x05,   //   fetchOffset 5
            0x00, 0x10, 0x00, 0x00,   //     partitionMaxBytes 1 MiB
        ])
    }

    func testRequestV12() {
        let request = FetchRequest(replicaId: -1, maxWaitMs: 500, minBytes: 1, maxBytes: 52_428_800, isolationLevel: 0,
                                   sessionId: 0, sessionEpoch: -1,
                                   topics: [.init(topic: "t", partitions: [.init(partition: 0, currentLeaderEpoch: 0, fetchOffset: 5,
                                                                                lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: 1_048_576)])],
                                   forgottenTopicsData: [], rackId: "")
        assertWire(request, version: 12, bytes: [
            0xff, 0xff, 0xff, 0xff,   // replicaId -1
            0x00, 0x00, 0x01, 0xf4,   // maxWaitMs 500
            0x00, 0x00, 0x00, 0x01,   // minBytes 1
            0x03, 0x20, 0x00, 0x00,   // maxBytes
            0x00,                     // isolationLevel 0
            0x00, 0x00, 0x00, 0x00,   // sessionId 0
            0xff, 0xff, 0xff, 0xff,   // sessionEpoch -1 (sessionless)
            0x02,                     // topics: 1
            0x02, 0x74,               //   topic "t"
            0x02,                     //   partitions: 1
            0x00, 0x00, 0x00, 0x00,   //     partition 0
            0x00, 0x00, 0x00, 0x00,   //     currentLeaderEpoch 0
            0, 0, 0, 0, 0, 0, 0, 0x05,   //   fetchOffset 5
            0xff, 0xff, 0xff, 0xff,   //     lastFetchedEpoch -1
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,   // logStartOffset -1
            0x00, 0x10, 0x00, 0x00,   //     partitionMaxBytes
            0x00,                     //     tagged fields
            0x00,                     //   tagged fields
            0x01,                     // forgottenTopicsData: empty
            0x01,                     // rackId ""
            0x00,                     // tagged fields (clusterId null: not written)
        ])
    }

    func testRequestV12ReadsTheClusterIdTag() throws {
        var bytes = FetchRequest().encodedBytes(version: 12)
        bytes.removeLast()                                  // the empty tagged-field section
        bytes += [0x01,                                     // one tagged field
                  0x00, 0x03,                               // tag 0 (clusterId), 3 bytes
                  0x03, 0x6b, 0x31]                         // compact string "k1"
        let decoded = try FetchRequest(decoding: bytes[...], version: 12)
        XCTAssertEqual(decoded.clusterId, "k1")
        XCTAssertEqual(decoded.encodedBytes(version: 12), bytes, "a non-default tagged field is written back")
    }

    func testResponseV4() {
        let response = FetchResponse(throttleTimeMs: 0, responses: [.init(topic: "t", partitions: [
            .init(partitionIndex: 0, errorCode: 0, highWatermark: 10, lastStableOffset: 10, abortedTransactions: nil,
                  records: .bytes([0xaa, 0xbb][...]))])])
        assertWire(response, version: 4, bytes: [
            0x00, 0x00, 0x00, 0x00,   // throttleTimeMs
            0x00, 0x00, 0x00, 0x01,   // responses: 1
            0x00, 0x01, 0x74,         //   topic "t"
            0x00, 0x00, 0x00, 0x01,   //   partitions: 1
            0x00, 0x00, 0x00, 0x00,   //     partitionIndex 0
            0x00, 0x00,               //     errorCode 0
            0, 0, 0, 0, 0, 0, 0, 0x0a,   //   highWatermark 10
            0, 0, 0, 0, 0, 0, 0, 0x0a,   //   lastStableOffset 10
            0xff, 0xff, 0xff, 0xff,   //     abortedTransactions null
            0x00, 0x00, 0x00, 0x02, 0xaa, 0xbb,   // records: 2 bytes
        ])
    }

    func testResponseV12WithTaggedDivergingEpoch() {
        let response = FetchResponse(throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses: [.init(topic: "t", partitions: [
            .init(partitionIndex: 0, errorCode: 0, highWatermark: 10, lastStableOffset: 10, logStartOffset: 0,
                  divergingEpoch: .init(epoch: 1, endOffset: 3), abortedTransactions: [],
                  preferredReadReplica: -1, records: .bytes([0xaa][...]))])])
        assertWire(response, version: 12, bytes: [
            0x00, 0x00, 0x00, 0x00,   // throttleTimeMs
            0x00, 0x00,               // errorCode
            0x00, 0x00, 0x00, 0x00,   // sessionId 0
            0x02,                     // responses: 1
            0x02, 0x74,               //   topic "t"
            0x02,                     //   partitions: 1
            0x00, 0x00, 0x00, 0x00,   //     partitionIndex
            0x00, 0x00,               //     errorCode
            0, 0, 0, 0, 0, 0, 0, 0x0a,   //   highWatermark 10
            0, 0, 0, 0, 0, 0, 0, 0x0a,   //   lastStableOffset 10
            0, 0, 0, 0, 0, 0, 0, 0,   //     logStartOffset 0
            0x01,                     //     abortedTransactions: empty
            0xff, 0xff, 0xff, 0xff,   //     preferredReadReplica -1
            0x02, 0xaa,               //     records: uvarint(1 + 1)
            0x01,                     //     tagged fields: 1
            0x00, 0x0d,               //       tag 0 (divergingEpoch), 13 bytes:
            0x00, 0x00, 0x00, 0x01,   //         epoch 1
            0, 0, 0, 0, 0, 0, 0, 0x03,   //       endOffset 3
            0x00,                     //         its tagged fields
            0x00,                     //   tagged fields
            0x00,                     // tagged fields
        ])
    }

    func testExternalRecordsAreSplicedNotCopied() {
        final class FileRange {}
        let token = FileRange()
        let response = FetchResponse(responses: [.init(topic: "t", partitions: [.init(records: .external(token: token, count: 1000))])])
        var w = ByteWriter()
        response.encode(into: &w, version: 4)
        let chunks = w.finish()
        XCTAssertEqual(chunks.count, 2, "bytes up to the records, then the external range; nothing after it at v4")
        guard case .bytes(let head) = chunks[0], case .external(let t, let n) = chunks[1] else { return XCTFail("chunk kinds") }
        XCTAssertTrue(t === token)
        XCTAssertEqual(n, 1000)
        XCTAssertEqual(Array(head.suffix(4)), [0x00, 0x00, 0x03, 0xe8], "records size prefix 1000")
        XCTAssertEqual(w.count, head.count + 1000)

        var flexible = ByteWriter()
        response.encode(into: &flexible, version: 12)
        let flexChunks = flexible.finish()
        XCTAssertEqual(flexChunks.count, 3)
        guard case .bytes(let tail) = flexChunks[2] else { return XCTFail("tail") }
        XCTAssertEqual(tail, [0x00, 0x00, 0x00], "partition, topic and top-level tagged fields follow the splice")
    }

    func testRoundTripsAtEveryVersion() {
        assertRoundTrips(FetchRequest(maxWaitMs: 100, minBytes: 1, sessionEpoch: -1,
                                      topics: [.init(topic: "a", partitions: [.init(partition: 3, fetchOffset: 9, partitionMaxBytes: 10)])],
                                      forgottenTopicsData: [.init(topic: "b", partitions: [1, 2])], rackId: "r"))
        assertRoundTrips(FetchResponse(throttleTimeMs: 1, responses: [.init(topic: "a", partitions: [
            .init(partitionIndex: 1, highWatermark: 5, abortedTransactions: [.init(producerId: 7, firstOffset: 2)], records: .bytes([1, 2, 3][...]))])]))
    }
}
