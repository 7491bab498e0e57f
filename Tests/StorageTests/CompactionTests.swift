import XCTest
import Glibc
@testable import Records
@testable import Storage

final class CompactionTests: XCTestCase {
    private func config(deleteRetentionMs: Int64 = 86_400_000, ratio: Double = 0, lagMs: Int64 = 0) -> LogConfig {
        var config = LogConfig(segmentBytes: 600, indexIntervalBytes: 100, cleanupPolicy: "compact")
        config.deleteRetentionMs = deleteRetentionMs
        config.minCleanableDirtyRatio = ratio
        config.minCompactionLagMs = lagMs
        return config
    }

    /// One batch of (key, value) records; a nil value is a tombstone.
    private func batch(_ records: [(String, String?)], timestamp: Int64 = 1_000, codec: CompressionCodec = .none) -> [UInt8] {
        var builder = RecordBatchBuilder(baseTimestamp: timestamp)
        for (key, value) in records { builder.append(key: Array(key.utf8), value: value.map { Array($0.utf8) }) }
        return builder.build(compression: codec)
    }

    /// Every record of the log as (offset, key, value), in log order.
    private func contents(_ log: PartitionLog) throws -> [(Int64, String, String?)] {
        let bytes = try log.readAll(from: log.logStartOffset)
        return try bytes.withUnsafeBytes { raw in
            try RecordBatchScanner.batches(in: raw).flatMap { range -> [(Int64, String, String?)] in
                let (header, records) = try RecordBatchReader.records(in: UnsafeRawBufferPointer(rebasing: raw[range]))
                return records.map { (header.baseOffset + Int64($0.offsetDelta), String(decoding: $0.key ?? [], as: UTF8.self),
                                      $0.value.map { String(decoding: $0, as: UTF8.self) }) }
            }
        }
    }

    /// Writes 12 rounds of updates to keys k0..k4 (k2 deleted in round 10), then rolls so that all
    /// of it is in closed segments; returns the expected latest (offset, value) per key.
    private func writeUpdates(_ log: PartitionLog, codec: CompressionCodec = .none) throws -> [String: (Int64, String?)] {
        var latest: [String: (Int64, String?)] = [:]
        for round in 0..<12 {
            var records: [(String, String?)] = []
            for k in 0..<5 { records.append(("k\(k)", round == 10 && k == 2 ? nil : "v\(round)-\(k)")) }
            if round == 11 { records.removeAll { $0.0 == "k2" } }   // k2 stays deleted
            let result = try log.append(batch(records, codec: codec))
            for (i, record) in records.enumerated() { latest[record.0] = (result.baseOffset + Int64(i), record.1) }
        }
        // A large unrelated batch fills the active segment's budget, so the next append rolls.
        try log.append(batch([("filler", String(repeating: "x", count: 650))]))
        try log.append(batch([("tail", "t")]))
        try log.sync()
        return latest
    }

    func testCleaningKeepsOnlyTheLatestRecordOfEachKeyInOffsetOrder() throws {
        for codec in [CompressionCodec.none, .gzip, .snappy, .lz4, .zstd] {
            let dir = TemporaryDirectory()
            let log = try PartitionLog(directory: dir.path, config: config())
            let latest = try writeUpdates(log, codec: codec)
            let endBefore = log.logEndOffset

            let removed = try log.compactIfDirty(nowMs: 2_000)

            let after = try contents(log)
            let expected = (latest.map { ($0.value.0, $0.key, $0.value.1) } + [(endBefore - 2, "filler", String(repeating: "x", count: 650)),
                                                                               (endBefore - 1, "tail", "t")])
                .sorted { $0.0 < $1.0 }
            XCTAssertEqual(after.map(\.0), expected.map(\.0), "\(codec)")
            XCTAssertEqual(after.map(\.1), expected.map(\.1), "\(codec)")
            XCTAssertEqual(after.map(\.2), expected.map(\.2), "\(codec)")
            XCTAssertEqual(removed, 59 - 5 + 0, "\(codec): 59 keyed records, 5 latest kept (the k2 tombstone among them)")
            XCTAssertEqual(log.logEndOffset, endBefore, "offsets never change")
            // Rewritten batches keep their codec.
            let codecs = try log.readAll().withUnsafeBytes { raw in
                RecordBatchScanner.batches(in: raw).map { try! RecordBatchHeader(parsing: UnsafeRawBufferPointer(rebasing: raw[$0])).compression }
            }
            XCTAssertTrue(codecs.dropLast(2).allSatisfy { $0 == codec }, "\(codec): \(codecs)")
        }
    }

    func testATombstoneIsDroppedOnceDeleteRetentionHasPassed() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: config(deleteRetentionMs: 5_000))
        _ = try writeUpdates(log)
        try log.compactIfDirty(nowMs: 2_000)              // the tombstone is young: kept
        XCTAssertTrue(try contents(log).contains { $0.1 == "k2" && $0.2 == nil })
        try OffsetCheckpoint(directory: dir.path, fileName: PartitionLog.cleanerCheckpointFileName).write(0)
        try log.compactIfDirty(nowMs: 100_000)            // now it is old: gone, and k2 with it
        XCTAssertFalse(try contents(log).contains { $0.1 == "k2" })
        XCTAssertEqual(Set(try contents(log).map(\.1)), ["k0", "k1", "k3", "k4", "filler", "tail"])
    }

    func testTheActiveSegmentIsNeverCleaned() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: LogConfig(cleanupPolicy: "compact"))
        for round in 0..<5 { try log.append(batch([("k", "v\(round)")])) }
        try log.sync()
        XCTAssertEqual(try log.compactIfDirty(nowMs: 2_000), 0)
        XCTAssertEqual(try contents(log).map(\.2), ["v0", "v1", "v2", "v3", "v4"])
    }

    func testNothingYoungerThanMinCompactionLagIsCleaned() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: config(lagMs: 10_000))
        _ = try writeUpdates(log)
        XCTAssertEqual(try log.compactIfDirty(nowMs: 5_000), 0, "records at 1 000 are younger than 10 s at 5 000")
        XCTAssertGreaterThan(try log.compactIfDirty(nowMs: 20_000), 0)
    }

    func testTheDirtyRatioDecidesWhenToClean() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: config(ratio: 0.9))
        _ = try writeUpdates(log)
        XCTAssertGreaterThan(try log.compactIfDirty(nowMs: 2_000), 0, "everything is dirty at first")
        try log.append(batch([("k0", "newer"), ("k1", "newer")]))
        try log.append(batch([("filler2", String(repeating: "y", count: 650))]))
        try log.append(batch([("tail2", "t")]))
        try log.sync()
        XCTAssertEqual(try log.compactIfDirty(nowMs: 2_000), 0, "the dirty part is below 90 % of the cleanable bytes")
    }

    func testACompactedLogRecoversAfterACrashWithItsGapsAndKeepsAppending() throws {
        let dir = TemporaryDirectory()
        var before: [(Int64, String, String?)] = []
        var end: Int64 = 0
        do {
            let log = try PartitionLog(directory: dir.path, config: config())
            _ = try writeUpdates(log)
            try log.compactIfDirty(nowMs: 2_000)
            before = try contents(log)
            end = log.logEndOffset
            // No close(): a crash. Recovery point files may even be lost.
            try FileIO.remove(dir.path + "/" + RecoveryPoint.fileName)
            let reopened = try PartitionLog(directory: dir.path, config: config())
            let after = try contents(reopened)
            XCTAssertEqual(after.map(\.0), before.map(\.0))
            XCTAssertEqual(after.map(\.1), before.map(\.1))
            XCTAssertEqual(reopened.logEndOffset, end)
            XCTAssertEqual(try reopened.append(batch([("new", "n")])).baseOffset, end)
            _ = log
        }
    }

    func testACrashBeforeTheSwapKeepsTheOldSegmentAndAfterItTheNewOne() throws {
        // Reference: the same log, cleaned, in another directory.
        let cleaned = TemporaryDirectory()
        let reference = try PartitionLog(directory: cleaned.path, config: config())
        _ = try writeUpdates(reference)
        try reference.compactIfDirty(nowMs: 2_000)
        let cleanedFirst = try readFile(cleaned.path + "/" + SegmentNames.stem(0) + ".log")

        let dir = TemporaryDirectory()
        do {
            let log = try PartitionLog(directory: dir.path, config: config())
            _ = try writeUpdates(log)
            log.close()
        }
        let stem = dir.path + "/" + SegmentNames.stem(0)
        let original = try readFile(stem + ".log")
        // Crash while writing the cleaned copy: it is discarded, the old segment stays.
        try writeFile(stem + ".log.cleaned", cleanedFirst.prefix(cleanedFirst.count / 2).map { $0 })
        do {
            let log = try PartitionLog(directory: dir.path, config: config())
            XCTAssertEqual(try readFile(stem + ".log"), original)
            XCTAssertFalse(FileIO.fileExists(stem + ".log.cleaned"))
            log.close()
        }
        // Crash after the commit point (the .swap rename): the swap is completed at open.
        try writeFile(stem + ".log.swap", cleanedFirst)
        let log = try PartitionLog(directory: dir.path, config: config())
        XCTAssertEqual(try readFile(stem + ".log"), cleanedFirst)
        XCTAssertFalse(FileIO.fileExists(stem + ".log.swap"))
        let secondBase = SegmentNames.baseOffset(ofLogFile: try FileIO.list(dir.path).filter { $0.hasSuffix(".log") }.sorted()[1])!
        XCTAssertEqual(try contents(log).filter { $0.0 < secondBase }.map(\.0),
                       try contents(reference).filter { $0.0 < secondBase }.map(\.0))
        XCTAssertEqual(try contents(log).filter { $0.0 >= secondBase }.first?.0, secondBase, "later segments untouched")
    }

    private func readFile(_ path: String) throws -> [UInt8] {
        let fd = try FileIO.open(path, flags: O_RDONLY)
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: try FileIO.size(fd))
        _ = try bytes.withUnsafeMutableBytes { try FileIO.pread(fd, into: $0, at: 0) }
        return bytes
    }

    private func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        let fd = try FileIO.open(path, flags: O_WRONLY | O_CREAT | O_TRUNC)
        defer { close(fd) }
        try bytes.withUnsafeBytes { try FileIO.pwrite(fd, $0, at: 0) }
    }
}

final class CompactedTopicKeyTests: XCTestCase {
    func testACompactedTopicRefusesRecordsWithoutAKey() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: LogConfig(cleanupPolicy: "compact,delete"))
        var builder = RecordBatchBuilder(baseTimestamp: 0)
        builder.append(key: Array("k".utf8), value: [1])
        builder.append(key: nil, value: [2])
        XCTAssertThrowsError(try log.append(builder.build(compression: .snappy))) {
            XCTAssertEqual($0 as? StorageError, .batch(.missingKeyInCompactedTopic))
        }
        XCTAssertEqual(log.logEndOffset, 0)
        var keyed = RecordBatchBuilder(baseTimestamp: 0)
        keyed.append(key: Array("k".utf8), value: nil)
        XCTAssertEqual(try log.append(keyed.build(compression: .snappy)).baseOffset, 0)
    }
}
