import XCTest
@testable import Wire

final class ApiVersionsTests: XCTestCase {
    func testRequestV0HasAnEmptyBody() {
        assertWire(ApiVersionsRequest(), version: 0, bytes: [])
    }

    func testRequestV3CarriesClientSoftwareAsCompactStrings() {
        assertWire(ApiVersionsRequest(clientSoftwareName: "rk", clientSoftwareVersion: "1"), version: 3, bytes: [
            0x03, 0x72, 0x6b,   // clientSoftwareName: uvarint(2 + 1), "rk"
            0x02, 0x31,         // clientSoftwareVersion: uvarint(1 + 1), "1"
            0x00,               // tagged fields: none
        ])
    }

    func testResponseV0() {
        let response = ApiVersionsResponse(errorCode: 0, apiKeys: [.init(apiKey: 18, minVersion: 0, maxVersion: 4)])
        assertWire(response, version: 0, bytes: [
            0x00, 0x00,               // errorCode 0
            0x00, 0x00, 0x00, 0x01,   // apiKeys: i32 count 1
            0x00, 0x12,               //   apiKey 18
            0x00, 0x00,               //   minVersion 0
            0x00, 0x04,               //   maxVersion 4
        ])                            // no throttleTimeMs before v1
    }

    func testResponseV3IsCompactWithEmptyTaggedFields() {
        let response = ApiVersionsResponse(errorCode: 0, apiKeys: [.init(apiKey: 0, minVersion: 0, maxVersion: 9)], throttleTimeMs: 7)
        assertWire(response, version: 3, bytes: [
            0x00, 0x00,               // errorCode 0
            0x02,                     // apiKeys: uvarint(1 + 1)
            0x00, 0x00,               //   apiKey 0 (Produce)
            0x00, 0x00,               //   minVersion 0
            0x00, 0x09,               //   maxVersion 9
            0x00,                     //   entry tagged fields: none
            0x00, 0x00, 0x00, 0x07,   // throttleTimeMs 7
            0x00,                     // tagged fields: none (feature lists are never written)
        ])
    }

    func testResponseV3SkipsFeatureTagsItDoesNotModel() throws {
        let bytes: [UInt8] = [
            0x00, 0x00,               // errorCode
            0x01,                     // apiKeys: empty
            0x00, 0x00, 0x00, 0x00,   // throttleTimeMs
            0x02,                     // two tagged fields
            0x01, 0x08, 0, 0, 0, 0, 0, 0, 0, 0x05,   // tag 1 FinalizedFeaturesEpoch, 8 bytes
            0x03, 0x01, 0x01,         // tag 3 ZkMigrationReady, 1 byte
        ]
        let decoded = try ApiVersionsResponse(decoding: bytes[...], version: 3)
        XCTAssertEqual(decoded, ApiVersionsResponse())
        XCTAssertEqual(decoded.encodedBytes(version: 3).last, 0x00, "re-encoding writes an empty tag section")
    }

    func testApiVersionsResponseHeaderIsV0EvenForFlexibleVersions() {
        XCTAssertTrue(ApiKey.apiVersions.isFlexible(version: 3))
        XCTAssertFalse(ApiKey.apiVersions.responseHeaderIsFlexible(version: 3))
        XCTAssertFalse(ApiKey.apiVersions.responseHeaderIsFlexible(version: 4))
        XCTAssertTrue(ApiKey.metadata.responseHeaderIsFlexible(version: 9))
        XCTAssertFalse(ApiKey.metadata.responseHeaderIsFlexible(version: 8))

        let frame = ResponseFrame.encode(correlationId: 5, flexibleHeader: ApiKey.apiVersions.responseHeaderIsFlexible(version: 3)) { w in
            ApiVersionsResponse().encode(into: &w, version: 3)
        }
        guard case .bytes(let bytes)? = frame.first, frame.count == 1 else { return XCTFail("one bytes chunk expected") }
        XCTAssertEqual(bytes, [
            0x00, 0x00, 0x00, 0x0c,   // size 12
            0x00, 0x00, 0x00, 0x05,   // correlationId; no tagged fields: header v0
            0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,   // body v3: errorCode, apiKeys [], throttle 0, tags
        ])
    }

    func testRoundTripsAtEveryVersion() {
        assertRoundTrips(ApiVersionsRequest(clientSoftwareName: "x", clientSoftwareVersion: "y"))
        assertRoundTrips(ApiVersionsResponse(errorCode: 35, apiKeys: [.init(apiKey: 18, minVersion: 0, maxVersion: 4)], throttleTimeMs: 1))
    }
}
