import XCTest
@testable import Records
@testable import Storage

final class PartitionLogAdminTests: XCTestCase {
    private let tiny = LogConfig(segmentBytes: 1_000, indexIntervalBytes: 200)

    func testDeleteRecordsMovesTheStartDropsWholeSegmentsAndSurvivesRestart() throws {
        let dir = TemporaryDirectory()
        do {
            let log = try PartitionLog(directory: dir.path, config: tiny)
            for tag in 0..<40 { try log.append(Batches.make(tag: tag, count: 2)) }
            try log.sync()
            let segmentsBefore = log.segmentCount
            XCTAssertEqual(try log.deleteRecords(before: 51), 51)
            XCTAssertEqual(log.logStartOffset, 51)
            XCTAssertLessThan(log.segmentCount, segmentsBefore)
            XCTAssertThrowsError(try log.read(from: 50, maxBytes: 100))
            // The batch holding 51 starts at 50; readers skip records below their offset.
            XCTAssertEqual(try Batches.decode(log.read(from: 51, maxBytes: 1).bytes()).map(\.offset), [50, 51])
            XCTAssertEqual(try log.deleteRecords(before: 10), 51, "an earlier offset changes nothing")
            XCTAssertThrowsError(try log.deleteRecords(before: 81))
            log.close()
        }
        let log = try PartitionLog(directory: dir.path, config: tiny)
        XCTAssertEqual(log.logStartOffset, 51)
        XCTAssertEqual(log.logEndOffset, 80)
        XCTAssertEqual(try log.deleteRecords(before: -1), 80, "-1 means the high watermark")
    }

    func testMaxTimestampFindsTheRecordWithTheLargestTimestamp() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: tiny)
        XCTAssertNil(try log.offsetOfMaxTimestamp())
        // Timestamps rise to 5_001 (batch 7, record 1 = offset 15), then fall back.
        for tag in 0..<20 {
            let base: Int64 = tag == 7 ? 5_000 : 1_000 + Int64(tag)
            try log.append(Batches.make(tag: tag, count: 2, timestamp: base))
        }
        XCTAssertGreaterThan(log.segmentCount, 1)
        XCTAssertEqual(try log.offsetOfMaxTimestamp()?.offset, 15)
        XCTAssertEqual(try log.offsetOfMaxTimestamp()?.timestamp, 5_001)
    }

    func testConfigUpdateChangesMaxMessageBytesForTheNextAppend() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: LogConfig(maxMessageBytes: 100))
        let big = Batches.make(tag: 0, count: 3, valueBytes: 100)
        XCTAssertThrowsError(try log.append(big)) { XCTAssertEqual($0 as? StorageError, .messageTooLarge(big.count)) }
        log.update(config: LogConfig(maxMessageBytes: 10_000))
        XCTAssertEqual(try log.append(big).baseOffset, 0)
    }
}
