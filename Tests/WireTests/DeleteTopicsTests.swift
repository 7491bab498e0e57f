import XCTest
@testable import Wire

final class DeleteTopicsTests: XCTestCase {
    func testRequestV3() {
        assertWire(DeleteTopicsRequest(topicNames: ["t"], timeoutMs: 1000), version: 3, bytes: [
            0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x74,   // topicNames ["t"]
            0x00, 0x00, 0x03, 0xe8,                     // timeoutMs 1000
        ])
    }

    func testRequestV5() {
        assertWire(DeleteTopicsRequest(topicNames: ["t"], timeoutMs: 1000), version: 5, bytes: [
            0x02, 0x02, 0x74,         // topicNames ["t"] (compact)
            0x00, 0x00, 0x03, 0xe8,   // timeoutMs 1000
            0x00,                     // tagged fields
        ])
    }

    func testResponseV3() {
        assertWire(DeleteTopicsResponse(throttleTimeMs: 0, responses: [.init(name: "t", errorCode: 3)]), version: 3, bytes: [
            0x00, 0x00, 0x00, 0x00,   // throttleTimeMs
            0x00, 0x00, 0x00, 0x01,   // responses: 1
            0x00, 0x01, 0x74,         //   name "t"
            0x00, 0x03,               //   errorCode 3
        ])
    }

    func testResponseV5() {
        assertWire(DeleteTopicsResponse(throttleTimeMs: 0, responses: [.init(name: "t", errorCode: 0, errorMessage: nil)]), version: 5, bytes: [
            0x00, 0x00, 0x00, 0x00,   // throttleTimeMs
            0x02,                     // responses: 1
            0x02, 0x74,               //   name "t"
            0x00, 0x00,               //   errorCode 0
            0x00,                     //   errorMessage null
            0x00,                     //   tagged fields
            0x00,                     // tagged fields
        ])
    }

    func testRoundTripsAtEveryVersion() {
        assertRoundTrips(DeleteTopicsRequest(topicNames: ["a", "b"], timeoutMs: 3))
        assertRoundTrips(DeleteTopicsResponse(throttleTimeMs: 4, responses: [.init(name: "a", errorCode: 0)]))
    }
}
