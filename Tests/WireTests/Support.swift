import XCTest
@testable import Wire

/// Decodes `bytes` as `M` at `version`, requires it to equal `expected` (every field, with nothing left
/// over), then encodes `expected` and requires exactly `bytes` back.
@discardableResult
func assertWire<M: WireMessage>(_ expected: M, version: Int16, bytes: [UInt8],
                                file: StaticString = #filePath, line: UInt = #line) -> M? {
    do {
        let decoded = try M(decoding: bytes[...], version: version)
        XCTAssertEqual(decoded, expected, "decoded \(M.self) v\(version)", file: file, line: line)
        XCTAssertEqual(expected.encodedBytes(version: version), bytes, "encoded \(M.self) v\(version)", file: file, line: line)
        return decoded
    } catch {
        XCTFail("\(M.self) v\(version): \(error)", file: file, line: line)
        return nil
    }
}

/// Encodes at every version the codec speaks, decodes, and requires the same bytes on re-encoding.
func assertRoundTrips<M: WireMessage>(_ message: M, file: StaticString = #filePath, line: UInt = #line) {
    for version in M.apiKey.codecVersions {
        let bytes = message.encodedBytes(version: version)
        do {
            let decoded = try M(decoding: bytes[...], version: version)
            XCTAssertEqual(decoded.encodedBytes(version: version), bytes, "\(M.self) v\(version)", file: file, line: line)
        } catch {
            XCTFail("\(M.self) v\(version): \(error)", file: file, line: line)
        }
    }
}

/// Every strict prefix of a valid encoding must throw, not crash.
func assertTruncationsThrow<M: WireMessage>(_ type: M.Type, version: Int16, bytes: [UInt8],
                                            file: StaticString = #filePath, line: UInt = #line) {
    for n in 0..<bytes.count {
        XCTAssertThrowsError(try M(decoding: bytes[..<n], version: version), "\(M.self) v\(version) cut at \(n)",
                             file: file, line: line)
    }
}

/// 16 distinct bytes 0x00...0x0f, for topic ids in vectors.
let sampleUUID = UUID16(bytes: Array(0..<16))!
let sampleUUIDBytes: [UInt8] = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f]
