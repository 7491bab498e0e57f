import XCTest
import Glibc
@testable import Records
@testable import Storage

final class RetentionTests: XCTestCase {
    /// Each batch is 3 records of ~90 bytes in all; 1 000-byte segments hold a handful.
    private func config(retentionMs: Int64 = -1, retentionBytes: Int64 = -1, policy: String = "delete") -> LogConfig {
        LogConfig(segmentBytes: 1_000, indexIntervalBytes: 200, retentionMs: retentionMs, retentionBytes: retentionBytes,
                  cleanupPolicy: policy)
    }

    private func segmentFiles(_ dir: String) throws -> [String] {
        try FileIO.list(dir).filter { $0.hasSuffix(".log") }.sorted()
    }

    func testRetentionBytesDeletesTheOldestClosedSegmentsUntilTheLogFits() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: config(retentionBytes: 2_500))
        for tag in 0..<60 { try log.append(Batches.make(tag: tag)) }
        let before = log.segmentCount
        XCTAssertGreaterThan(before, 6)

        try log.sync()      // unsynced sealed segments wait for their sync
        let deleted = try log.enforceRetention()

        XCTAssertEqual(log.segmentCount, before - deleted)
        XCTAssertGreaterThan(deleted, 0)
        let sizes = log.segmentSizes
        let total = sizes.reduce(0, +)
        // Kafka's rule: delete while the log stays at or above retention.bytes without the segment.
        XCTAssertGreaterThanOrEqual(total, 2_500)
        XCTAssertLessThan(total - sizes[0], 2_500)
        // The log start moved to the first kept segment, whose file name is that offset.
        let first = try segmentFiles(dir.path)[0]
        XCTAssertEqual(first, SegmentNames.stem(log.logStartOffset) + ".log")
        XCTAssertEqual(try segmentFiles(dir.path).count, log.segmentCount)
        XCTAssertThrowsError(try log.read(from: log.logStartOffset - 1, maxBytes: 1_000)) {
            guard case .offsetOutOfRange(_, let start, 180)? = $0 as? StorageError else { return XCTFail("\($0)") }
            XCTAssertEqual(start, log.logStartOffset)
        }
        let kept = try Batches.decode(log.readAll(from: log.logStartOffset))
        XCTAssertEqual(kept.map(\.offset), Array(log.logStartOffset..<180))
    }

    func testRetentionMsDeletesSegmentsWhoseNewestRecordIsOlderThanTheLimit() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: config(retentionMs: 10_000))
        // 20 old batches (timestamps around 1 000), then 20 young ones (around 50 000).
        for tag in 0..<20 { try log.append(Batches.make(tag: tag, timestamp: 1_000)) }
        let firstYoung = log.logEndOffset
        for tag in 20..<40 { try log.append(Batches.make(tag: tag, timestamp: 50_000)) }

        try log.sync()
        // At 55 000, only segments whose newest record is before 45 000 are expired.
        try log.enforceRetention(nowMs: 55_000)

        XCTAssertLessThanOrEqual(log.logStartOffset, firstYoung, "a segment with young records was deleted")
        let kept = try Batches.decode(log.readAll(from: log.logStartOffset))
        XCTAssertEqual(kept.first?.offset, log.logStartOffset)
        // Whatever old records remain share the segment of the first young one.
        let oldKept = kept.filter { $0.offset < firstYoung }
        XCTAssertLessThan(oldKept.count, 15)
        XCTAssertGreaterThan(log.logStartOffset, 0)

        // Much later everything closed goes; the active segment stays, so the log end is intact.
        try log.enforceRetention(nowMs: 1_000_000)
        XCTAssertEqual(log.segmentCount, 1)
        XCTAssertEqual(log.logEndOffset, 120)
        XCTAssertEqual(try Batches.decode(log.readAll(from: log.logStartOffset)).last?.offset, 119)
    }

    func testASealedSegmentNotYetSyncedWaitsForItsSync() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: config(retentionBytes: 0))
        for tag in 0..<30 { try log.append(Batches.make(tag: tag)) }
        XCTAssertEqual(try log.enforceRetention(), 0, "a sync in flight may still use its descriptors")
        try log.sync()
        XCTAssertGreaterThan(try log.enforceRetention(), 0)
        XCTAssertEqual(log.segmentCount, 1)
    }

    func testTheActiveSegmentIsNeverDeletedEvenWhenExpired() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: config(retentionMs: 1, retentionBytes: 0))
        try log.append(Batches.make(tag: 0))
        XCTAssertEqual(try log.enforceRetention(nowMs: 1_000_000), 0)
        XCTAssertEqual(log.logStartOffset, 0)
        XCTAssertEqual(try Batches.decode(log.readAll()).count, 3)
    }

    func testACompactOnlyTopicIgnoresRetention() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: config(retentionMs: 1, retentionBytes: 0, policy: "compact"))
        for tag in 0..<30 { try log.append(Batches.make(tag: tag)) }
        try log.sync()
        XCTAssertEqual(try log.enforceRetention(nowMs: 1_000_000), 0)
        XCTAssertEqual(log.logStartOffset, 0)
    }

    func testSegmentMsRollsTheActiveSegmentOnTheNextAppend() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: LogConfig(segmentMs: 20))
        try log.append(Batches.make(tag: 0))
        try log.append(Batches.make(tag: 1))
        XCTAssertEqual(log.segmentCount, 1)
        usleep(40_000)
        try log.append(Batches.make(tag: 2))
        XCTAssertEqual(log.segmentCount, 2)
        XCTAssertEqual(try segmentFiles(dir.path), [SegmentNames.stem(0) + ".log", SegmentNames.stem(6) + ".log"])
    }

    func testTheLogStartOffsetInsideASegmentSurvivesARestart() throws {
        let dir = TemporaryDirectory()
        do {
            let log = try PartitionLog(directory: dir.path, config: config())
            for tag in 0..<30 { try log.append(Batches.make(tag: tag)) }
            try log.sync()
            XCTAssertEqual(try log.deleteRecords(before: 40), 40)
            XCTAssertEqual(try log.deleteRecords(before: 10), 40, "the log start never moves back")
            log.close()
        }
        let log = try PartitionLog(directory: dir.path, config: config())
        XCTAssertEqual(log.logStartOffset, 40)
        XCTAssertThrowsError(try log.read(from: 39, maxBytes: 1_000))
        // A read at the start returns the batch holding it (offset 39..41); clients skip the earlier records.
        XCTAssertEqual(try Batches.decode(log.read(from: 40, maxBytes: 1).bytes()).map(\.offset), [39, 40, 41])
        // Only segments wholly below the start were deleted.
        let firstBase = SegmentNames.baseOffset(ofLogFile: try segmentFiles(dir.path)[0])!
        XCTAssertLessThanOrEqual(firstBase, 40)
        XCTAssertEqual(try segmentFiles(dir.path).count, log.segmentCount)
    }

    func testSegmentsACrashLeftBelowThePersistedStartAreDeletedAtOpen() throws {
        let dir = TemporaryDirectory()
        do {
            let log = try PartitionLog(directory: dir.path, config: config())
            for tag in 0..<30 { try log.append(Batches.make(tag: tag)) }
            log.close()
        }
        let segmentsBefore = try segmentFiles(dir.path).count
        // As if the process died after persisting the new start but before unlinking any file.
        try LogStartOffset.write(60, directory: dir.path)
        let log = try PartitionLog(directory: dir.path, config: config())
        XCTAssertEqual(log.logStartOffset, 60)
        XCTAssertLessThan(try segmentFiles(dir.path).count, segmentsBefore)
        XCTAssertEqual(try Batches.decode(log.readAll(from: 60)).last?.offset, 89)
    }

    func testBrokerPropertiesUseKafkasNamesAndTheFinestUnitWins() throws {
        let config = try LogConfig(brokerProperties: [
            "log.retention.hours": "1", "log.retention.ms": "500", "log.retention.bytes": "4096",
            "log.roll.hours": "2", "log.segment.bytes": "65536", "log.cleanup.policy": "compact,delete",
            "log.cleaner.min.cleanable.ratio": "0.1", "log.cleaner.delete.retention.ms": "7",
        ], defaults: LogConfig())
        XCTAssertEqual(config.retentionMs, 500)
        XCTAssertEqual(config.retentionBytes, 4_096)
        XCTAssertEqual(config.segmentMs, 7_200_000)
        XCTAssertEqual(config.segmentBytes, 65_536)
        XCTAssertEqual(config.cleanupPolicies, ["compact", "delete"])
        XCTAssertEqual(config.minCleanableDirtyRatio, 0.1)
        XCTAssertEqual(config.deleteRetentionMs, 7)
        XCTAssertEqual(try LogConfig(brokerProperties: ["log.retention.minutes": "2"], defaults: LogConfig()).retentionMs, 120_000)
        XCTAssertThrowsError(try LogConfig(brokerProperties: ["log.retention.bytes": "lots"], defaults: LogConfig())) {
            XCTAssertEqual($0 as? StorageError, .invalidConfig("log.retention.bytes"))
        }
        let schedule = try MaintenanceSchedule(brokerProperties: ["log.retention.check.interval.ms": "250"])
        XCTAssertEqual(schedule.retentionCheckIntervalMs, 250)
    }

    func testMaintenanceEnforcesRetentionInTheBackground() throws {
        let dir = TemporaryDirectory()
        let store = try LogStore(directory: dir.path, defaults: config(retentionBytes: 1_500))
        _ = try store.createTopic(name: "t", partitionCount: 1, configs: [:])
        let log = store.partition(topic: "t", index: 0)!
        for tag in 0..<40 { try log.append(Batches.make(tag: tag)) }
        var schedule = MaintenanceSchedule()
        schedule.retentionCheckIntervalMs = 10
        schedule.syncIntervalMs = 10
        let maintenance = LogMaintenance(store: store, schedule: schedule)
        maintenance.start()
        defer { maintenance.stop(); store.close() }
        let deadline = FileIO.nowMs() + 5_000
        while (log.logStartOffset == 0 || log.hasUnsyncedData) && FileIO.nowMs() < deadline { usleep(5_000) }
        XCTAssertGreaterThan(log.logStartOffset, 0)
        XCTAssertFalse(log.hasUnsyncedData, "the periodic sync did not run")
    }
}

extension PartitionLog {
    var segmentSizes: [Int] { lock.withLock { segments.map(\.size) } }
}
