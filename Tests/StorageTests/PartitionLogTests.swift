import XCTest
@testable import Records
@testable import Storage

final class PartitionLogTests: XCTestCase {
    private let tiny = LogConfig(segmentBytes: 1_000, indexIntervalBytes: 200)

    func testAppendAssignsConsecutiveOffsetsAndPatchesTheHeader() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: tiny)
        var batch = Batches.make(tag: 0, count: 3)
        let first = try batch.withUnsafeMutableBytes { try log.append($0) }
        XCTAssertEqual(first, AppendResult(baseOffset: 0, lastOffset: 2, logAppendTimeMs: -1))
        var second = Batches.make(tag: 1, count: 2)
        let result = try second.withUnsafeMutableBytes { try log.append($0) }
        XCTAssertEqual(result, AppendResult(baseOffset: 3, lastOffset: 4, logAppendTimeMs: -1))
        let header = try second.withUnsafeBytes { try RecordBatchValidator.validate($0) }
        XCTAssertEqual(header.baseOffset, 3)
        XCTAssertEqual(header.partitionLeaderEpoch, 0)
        XCTAssertEqual(log.logEndOffset, 5)
        XCTAssertEqual(log.logStartOffset, 0)
    }

    func testAppendAndReadAcrossSeveralSegmentRolls() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: tiny)
        var expected: [(Int64, String)] = []
        for tag in 0..<60 {
            let result = try log.append(Batches.make(tag: tag, count: 2))
            expected += [(result.baseOffset, "b\(tag)r0"), (result.baseOffset + 1, "b\(tag)r1")]
        }
        XCTAssertGreaterThan(log.segmentCount, 5)
        XCTAssertEqual(log.logEndOffset, 120)
        let all = try Batches.decode(log.readAll())
        XCTAssertEqual(all.map(\.offset), expected.map(\.0))
        XCTAssertEqual(all.map(\.key), expected.map(\.1))
        // Every offset, read on its own, starts at the batch that holds it.
        for offset in Int64(0)..<120 {
            let first = try Batches.decode(log.read(from: offset, maxBytes: 1).bytes())
            XCTAssertEqual(first.map(\.offset), [offset - offset % 2, offset - offset % 2 + 1], "offset \(offset)")
        }
    }

    func testReadFromTheMiddleOfABatchReturnsThatBatch() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: LogConfig())
        try log.append(Batches.make(tag: 0, count: 5))
        try log.append(Batches.make(tag: 1, count: 5))
        let records = try Batches.decode(log.readAll(from: 7))
        XCTAssertEqual(records.map(\.offset), Array(5...9))
    }

    func testMaxBytesStopsAtWholeBatchesButTheFirstIsAlwaysIncluded() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: LogConfig())
        let batch = Batches.make(tag: 0, count: 1)
        for tag in 0..<4 { try log.append(Batches.make(tag: tag, count: 1)) }
        let size = batch.count
        XCTAssertEqual(try log.read(from: 0, maxBytes: 1).byteCount, size)
        XCTAssertEqual(try log.read(from: 0, maxBytes: 1, minOneBatch: false).byteCount, 0)
        XCTAssertEqual(try log.read(from: 0, maxBytes: 2 * size + size / 2).byteCount, 2 * size)
        XCTAssertEqual(try log.read(from: 1, maxBytes: 10 * size).byteCount, 3 * size)
    }

    func testReadAtTheEndIsEmptyAndBeyondIsOutOfRange() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: LogConfig())
        try log.append(Batches.make(tag: 0, count: 2))
        let atEnd = try log.read(from: 2, maxBytes: 1000)
        XCTAssertEqual(atEnd.byteCount, 0)
        XCTAssertEqual(atEnd.highWatermark, 2)
        XCTAssertThrowsError(try log.read(from: 3, maxBytes: 1000)) {
            XCTAssertEqual($0 as? StorageError, .offsetOutOfRange(requested: 3, logStart: 0, logEnd: 2))
        }
        XCTAssertThrowsError(try log.read(from: -1, maxBytes: 1000))
    }

    func testInvalidBatchesAreRefusedAndNothingIsWritten() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: LogConfig(maxMessageBytes: 200))
        var corrupt = Batches.make(tag: 0, count: 1)
        corrupt[corrupt.count - 1] ^= 0xFF
        XCTAssertThrowsError(try log.append(corrupt)) {
            guard case .batch(.crcMismatch)? = $0 as? StorageError else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try log.append(Batches.make(tag: 0, count: 10))) {
            guard case .messageTooLarge? = $0 as? StorageError else { return XCTFail("\($0)") }
        }
        var builder = RecordBatchBuilder(baseTimestamp: 0)
        builder.attributes = RecordBatchHeader.Attribute.control
        builder.append(key: [0, 0, 0, 1], value: [0, 0, 0, 0, 0, 0])
        XCTAssertThrowsError(try log.append(builder.build())) {
            XCTAssertEqual($0 as? StorageError, .batch(.controlBatchFromClient))
        }
        XCTAssertEqual(log.logEndOffset, 0)
    }

    func testLogAppendTimeTopicsStampTheBrokerClock() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: LogConfig(usesLogAppendTime: true))
        var batch = Batches.make(tag: 0, count: 2, timestamp: 5)
        let result = try batch.withUnsafeMutableBytes { try log.append($0) }
        XCTAssertGreaterThan(result.logAppendTimeMs, 1_600_000_000_000)
        let stored = try log.readAll()
        let header = try stored.withUnsafeBytes { try RecordBatchValidator.validate($0) }
        XCTAssertTrue(header.usesLogAppendTime)
        XCTAssertEqual(header.maxTimestamp, result.logAppendTimeMs)
    }

    func testReopenReturnsTheSameDataAndOffsets() throws {
        let dir = TemporaryDirectory()
        var before: [UInt8] = []
        do {
            let log = try PartitionLog(directory: dir.path, config: tiny)
            for tag in 0..<40 { try log.append(Batches.make(tag: tag, count: 1 + tag % 3)) }
            before = try log.readAll()
            log.close()
        }
        let log = try PartitionLog(directory: dir.path, config: tiny)
        XCTAssertEqual(try log.readAll(), before)
        let end = log.logEndOffset
        XCTAssertEqual(try log.append(Batches.make(tag: 99)).baseOffset, end)
        XCTAssertEqual(try log.read(from: 30, maxBytes: 1).bytes(), try log.read(from: 30, maxBytes: 1).bytes())
    }

    func testSegmentFilesAreNamedByBaseOffset() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: tiny)
        for tag in 0..<20 { try log.append(Batches.make(tag: tag, count: 2)) }
        let logs = try FileIO.list(dir.path).filter { $0.hasSuffix(".log") }.sorted()
        XCTAssertEqual(logs.first, "00000000000000000000.log")
        XCTAssertEqual(logs.count, log.segmentCount)
        XCTAssertTrue(logs.allSatisfy { $0.count == 24 })
        XCTAssertTrue(FileIO.fileExists(dir.path + "/00000000000000000000.index"))
        XCTAssertTrue(FileIO.fileExists(dir.path + "/00000000000000000000.timeindex"))
    }

    func testTimestampLookupFindsTheFirstRecordAtOrAfter() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: tiny)
        // Batch k holds records at timestamps 10_000 + 100k + 0, 1, 2.
        for tag in 0..<50 { try log.append(Batches.make(tag: tag, count: 3, timestamp: 10_000 + 100 * Int64(tag))) }
        XCTAssertNil(try log.offset(atOrAfterTimestamp: 20_000))
        XCTAssertEqual(try log.offset(atOrAfterTimestamp: 0).map { [$0.offset, $0.timestamp] }, [0, 10_000])
        XCTAssertEqual(try log.offset(atOrAfterTimestamp: 12_001).map { [$0.offset, $0.timestamp] }, [61, 12_001])
        XCTAssertEqual(try log.offset(atOrAfterTimestamp: 12_003).map { [$0.offset, $0.timestamp] }, [63, 12_100])
        XCTAssertEqual(try log.offset(atOrAfterTimestamp: 14_902).map { [$0.offset, $0.timestamp] }, [149, 14_902])
        log.close()
        let reopened = try PartitionLog(directory: dir.path, config: tiny)
        XCTAssertEqual(try reopened.offset(atOrAfterTimestamp: 12_001).map { [$0.offset, $0.timestamp] }, [61, 12_001])
    }
}
