import XCTest
@testable import Records

final class CRC32CTests: XCTestCase {
    func testCheckValueOfTheStandardString() {
        XCTAssertEqual(CRC32C.checksum(Array("123456789".utf8)), 0xE306_9283)
        Array("123456789".utf8).withUnsafeBytes { XCTAssertEqual(CRC32C.portableChecksum($0), 0xE306_9283) }
    }

    func testEmptyInputKeepsTheRunningValue() {
        XCTAssertEqual(CRC32C.checksum([]), 0)
        XCTAssertEqual(CRC32C.checksum(UnsafeRawBufferPointer(start: nil, count: 0), continuing: 0x1234), 0x1234)
    }

    /// 0..255 repeated four times; value computed bit by bit with the reflected polynomial 0x82F63B78.
    func testKilobyteOfCountingBytes() {
        let bytes = (0..<4).flatMap { _ in (0..<256).map { UInt8($0) } }
        XCTAssertEqual(CRC32C.checksum(bytes), 0x2CDF_6E8F)
    }

    func testChainingEqualsOneChecksumOverTheConcatenation() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<1000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let whole = CRC32C.checksum(bytes)
        bytes.withUnsafeBytes { all in
            for cut in [0, 1, 7, 8, 9, 63, 500, 999, 1000] {
                let first = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: all[..<cut]))
                XCTAssertEqual(CRC32C.checksum(UnsafeRawBufferPointer(rebasing: all[cut...]), continuing: first), whole, "cut \(cut)")
            }
        }
    }

    /// Both paths over every alignment and many lengths, so the SSE4.2 head/tail loops are covered.
    func testHardwareAndPortablePathsAgree() {
        if !CRC32C.usesHardware { print("note: no SSE4.2 here; both calls use the portable path") }
        let bytes = (0..<600).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        bytes.withUnsafeBytes { all in
            for start in 0..<9 {
                for length in stride(from: 0, through: 560, by: 13) {
                    let slice = UnsafeRawBufferPointer(rebasing: all[start..<start + length])
                    XCTAssertEqual(CRC32C.checksum(slice, continuing: 0xDEAD_BEEF),
                                   CRC32C.portableChecksum(slice, continuing: 0xDEAD_BEEF))
                }
            }
        }
    }
}
