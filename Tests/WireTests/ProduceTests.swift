import XCTest
@testable import Wire

final class ProduceTests: XCTestCase {
    func testRequestV3RecordsAreASliceOfTheInput() throws {
        let bytes: [UInt8] = [
            0xff, 0xff,               // transactionalId null
            0xff, 0xff,               // acks -1
            0x00, 0x00, 0x75, 0x30,   // timeoutMs 30000
            0x00, 0x00, 0x00, 0x01,   // topicData: 1
            0x00, 0x01, 0x74,         //   name "t"
            0x00, 0x00, 0x00, 0x01,   //   partitionData: 1
            0x00, 0x00, 0x00, 0x00,   //     index 0
            0x00, 0x00, 0x00, 0x03, 0xaa, 0xbb, 0xcc,   // records: 3 bytes
        ]
        let expected = ProduceRequest(transactionalId: nil, acks: -1, timeoutMs: 30000,
                                      topicData: [.init(name: "t", partitionData: [.init(index: 0, records: [0xaa, 0xbb, 0xcc][...])])])
        let decoded = assertWire(expected, version: 3, bytes: bytes)
        let records = try XCTUnwrap(decoded?.topicData.first?.partitionData.first?.records)
        XCTAssertEqual(records.startIndex, 27, "records keep their position in the request buffer (no copy)")
    }

    func testRequestV9IsFlexible() {
        let request = ProduceRequest(transactionalId: nil, acks: 1, timeoutMs: 1000,
                                     topicData: [.init(name: "t", partitionData: [.init(index: 2, records: [0xaa, 0xbb, 0xcc][...])])])
        assertWire(request, version: 9, bytes: [
            0x00,                     // transactionalId null (compact)
            0x00, 0x01,               // acks 1
            0x00, 0x00, 0x03, 0xe8,   // timeoutMs 1000
            0x02,                     // topicData: 1
            0x02, 0x74,               //   name "t"
            0x02,                     //   partitionData: 1
            0x00, 0x00, 0x00, 0x02,   //     index 2
            0x04, 0xaa, 0xbb, 0xcc,   //     records: uvarint(3 + 1)
            0x00,                     //     tagged fields
            0x00,                     //   tagged fields
            0x00,                     // tagged fields
        ])
    }

    func testResponseV7() {
        let response = ProduceResponse(responses: [.init(name: "t", partitionResponses: [
            .init(index: 0, errorCode: 0, baseOffset: 42, logAppendTimeMs: -1, logStartOffset: 0)])], throttleTimeMs: 0)
        assertWire(response, version: 7, bytes: [
            0x00, 0x00, 0x00, 0x01,   // responses: 1
            0x00, 0x01, 0x74,         //   name "t"
            0x00, 0x00, 0x00, 0x01,   //   partitionResponses: 1
            0x00, 0x00, 0x00, 0x00,   //     index 0
            0x00, 0x00,               //     errorCode 0
            0, 0, 0, 0, 0, 0, 0, 0x2a,   //  baseOffset 42
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,   // logAppendTimeMs -1
            0, 0, 0, 0, 0, 0, 0, 0,   //     logStartOffset 0
            0x00, 0x00, 0x00, 0x00,   // throttleTimeMs 0
        ])
    }

    func testResponseV9WithRecordErrors() {
        let response = ProduceResponse(responses: [.init(name: "t", partitionResponses: [
            .init(index: 0, errorCode: 10, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: 0,
                  recordErrors: [.init(batchIndex: 0, batchIndexErrorMessage: nil)], errorMessage: "big")])])
        assertWire(response, version: 9, bytes: [
            0x02,                     // responses: 1
            0x02, 0x74,               //   name "t"
            0x02,                     //   partitionResponses: 1
            0x00, 0x00, 0x00, 0x00,   //     index 0
            0x00, 0x0a,               //     errorCode 10 MESSAGE_TOO_LARGE
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,   // baseOffset -1
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,   // logAppendTimeMs -1
            0, 0, 0, 0, 0, 0, 0, 0,   //     logStartOffset 0
            0x02,                     //     recordErrors: 1
            0x00, 0x00, 0x00, 0x00,   //       batchIndex 0
            0x00,                     //       batchIndexErrorMessage null
            0x00,                     //       tagged fields
            0x04, 0x62, 0x69, 0x67,   //     errorMessage "big"
            0x00,                     //     tagged fields
            0x00,                     //   tagged fields
            0x00, 0x00, 0x00, 0x00,   // throttleTimeMs 0
            0x00,                     // tagged fields
        ])
    }

    func testRoundTripsAtEveryVersion() {
        assertRoundTrips(ProduceRequest(transactionalId: "tx", acks: -1, timeoutMs: 5,
                                        topicData: [.init(name: "a", partitionData: [.init(index: 1, records: [1, 2, 3][...]), .init(index: 2, records: nil)])]))
        assertRoundTrips(ProduceResponse(responses: [.init(name: "a", partitionResponses: [.init(index: 1, baseOffset: 7)])], throttleTimeMs: 9))
    }
}
