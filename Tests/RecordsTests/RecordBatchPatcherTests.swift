import XCTest
@testable import Records

final class RecordBatchPatcherTests: XCTestCase {
    func testBaseOffsetAndEpochDoNotTouchTheCRC() throws {
        let patched = HandBuiltBatch.bytes.mutated {
            RecordBatchPatcher.setBaseOffset(0x0102_0304_0506_0708, in: $0)
            RecordBatchPatcher.setPartitionLeaderEpoch(5, in: $0)
        }
        XCTAssertEqual(Array(patched[0..<8]), [1, 2, 3, 4, 5, 6, 7, 8])
        XCTAssertEqual(Array(patched[12..<16]), [0, 0, 0, 5])
        XCTAssertEqual(Array(patched[16...]), Array(HandBuiltBatch.bytes[16...]))
        let header = try patched.withUnsafeBytes { try RecordBatchValidator.validate($0) }
        XCTAssertEqual(header.lastOffset, 0x0102_0304_0506_0708)
    }

    func testLogAppendTimeSetsBitAndMaxTimestampAndANewValidCRC() throws {
        let patched = HandBuiltBatch.bytes.mutated { RecordBatchPatcher.setLogAppendTime(1_800_000_000_000, in: $0) }
        XCTAssertEqual(Array(patched[21..<23]), [0x00, 0x08])
        let header = try patched.withUnsafeBytes { try RecordBatchValidator.validate($0) }
        XCTAssertTrue(header.usesLogAppendTime)
        XCTAssertEqual(header.maxTimestamp, 1_800_000_000_000)
        XCTAssertEqual(header.baseTimestamp, HandBuiltBatch.baseTimestamp)
        XCTAssertNotEqual(header.crc, HandBuiltBatch.crc)
    }
}
