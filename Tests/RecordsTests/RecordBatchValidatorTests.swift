import XCTest
@testable import Records

final class RecordBatchValidatorTests: XCTestCase {
    private func validate(_ bytes: [UInt8], allowControl: Bool = true) throws -> RecordBatchHeader {
        try bytes.withUnsafeBytes { try RecordBatchValidator.validate($0, allowControlBatches: allowControl) }
    }

    private func assertRejected(_ bytes: [UInt8], allowControl: Bool = true, _ expected: RecordBatchError,
                                file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try validate(bytes, allowControl: allowControl), file: file, line: line) {
            XCTAssertEqual($0 as? RecordBatchError, expected, file: file, line: line)
        }
    }

    /// Rewrites a CRC-covered field and fixes the CRC, so only that field is wrong.
    private func withField<T: FixedWidthInteger>(_ value: T, at offset: Int) -> [UInt8] {
        HandBuiltBatch.bytes.storing(value, at: offset).mutated { RecordBatchPatcher.recomputeCRC(in: $0) }
    }

    func testAcceptsTheHandBuiltBatch() throws {
        XCTAssertEqual(try validate(HandBuiltBatch.bytes).crc, HandBuiltBatch.crc)
    }

    func testRejectsFewerBytesThanAHeader() {
        assertRejected(Array(HandBuiltBatch.bytes.prefix(60)), .truncated)
    }

    func testRejectsABatchCutShortOfItsLength() {
        assertRejected(Array(HandBuiltBatch.bytes.prefix(73)), .truncated)
    }

    func testRejectsTrailingBytesBeyondTheLength() {
        assertRejected(HandBuiltBatch.bytes + [0], .invalidLength)
    }

    func testRejectsALengthBelowTheHeader() {
        assertRejected(HandBuiltBatch.bytes.storing(Int32(48), at: 8), .invalidLength)
        assertRejected(HandBuiltBatch.bytes.storing(Int32(-1), at: 8), .invalidLength)
    }

    func testRejectsOtherMagicValues() {
        assertRejected(HandBuiltBatch.bytes.storing(Int8(1), at: 16), .unsupportedMagic(1))
    }

    func testRejectsAFlippedByteUnderTheCRC() {
        let flipped = HandBuiltBatch.bytes.mutated { $0[70] ^= 0x01 }
        let actual = flipped.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[21...])) }
        assertRejected(flipped, .crcMismatch(expected: HandBuiltBatch.crc, actual: actual))
    }

    func testFieldsOutsideTheCRCMayChange() throws {
        let restamped = HandBuiltBatch.bytes.storing(Int64(99), at: 0).storing(Int32(0), at: 12)
        XCTAssertEqual(try validate(restamped).baseOffset, 99)
    }

    func testRejectsUnknownCodecs() {
        for codec: Int16 in 5...7 { assertRejected(withField(codec, at: 21), .invalidCompression) }
    }

    func testRejectsLastOffsetDeltaThatDisagreesWithTheCount() {
        assertRejected(withField(Int32(1), at: 23), .inconsistentRecordCount)
        assertRejected(withField(Int32(-1), at: 23), .inconsistentRecordCount)
        assertRejected(withField(Int32(-1), at: 57), .inconsistentRecordCount)
    }

    func testRejectsControlBatchesOnlyWhenAskedTo() throws {
        let control = withField(Int16(0x20), at: 21)
        assertRejected(control, allowControl: false, .controlBatchFromClient)
        XCTAssertTrue(try validate(control, allowControl: true).isControl)
    }
}
