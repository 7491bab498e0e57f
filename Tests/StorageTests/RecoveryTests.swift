import XCTest
import Glibc
@testable import Records
@testable import Storage

final class RecoveryTests: XCTestCase {
    /// Small segments so earlier segments exist; the active one holds the last several batches.
    private let config = LogConfig(segmentBytes: 2_000, indexIntervalBytes: 150)

    private func copyDirectory(_ from: String, to: String) throws {
        for name in try FileIO.list(from) {
            let source = try FileIO.open(from + "/" + name, flags: O_RDONLY)
            defer { close(source) }
            var bytes = [UInt8](repeating: 0, count: try FileIO.size(source))
            _ = try bytes.withUnsafeMutableBytes { try FileIO.pread(source, into: $0, at: 0) }
            let target = try FileIO.open(to + "/" + name, flags: O_WRONLY | O_CREAT | O_TRUNC)
            defer { close(target) }
            try bytes.withUnsafeBytes { try FileIO.pwrite(target, $0, at: 0) }
        }
    }

    private func truncateFile(_ path: String, to size: Int) throws {
        let fd = try FileIO.open(path, flags: O_RDWR)
        defer { close(fd) }
        try FileIO.truncate(fd, to: size)
    }

    private func activeSegmentPath(_ dir: String) throws -> String {
        dir + "/" + (try FileIO.list(dir).filter { $0.hasSuffix(".log") }.sorted().last!)
    }

    /// Appends batches of varying sizes; returns, for each batch, (its end position in the active
    /// segment or nil if in an earlier segment, the log end offset after it).
    private func writeReferenceLog(_ dir: String, closeCleanly: Bool, body: (PartitionLog) throws -> Void = { _ in }) throws
        -> (log: PartitionLog?, ends: [(position: Int, endOffset: Int64)]) {
        let log = try PartitionLog(directory: dir, config: config)
        for tag in 0..<40 { try log.append(Batches.make(tag: tag, count: 1 + tag % 4, valueBytes: 10 + tag)) }
        try log.sync()
        for tag in 40..<48 { try log.append(Batches.make(tag: tag, count: 1 + tag % 4, valueBytes: 10 + tag)) }
        try body(log)
        // Batch boundaries inside the active segment, found by reading it back.
        let activePath = try activeSegmentPath(dir)
        let activeBase = Int64(String(activePath.split(separator: "/").last!.prefix(20)))!
        let bytes = try log.read(from: activeBase, maxBytes: .max).bytes()
        var ends: [(Int, Int64)] = [(0, activeBase)]
        try bytes.withUnsafeBytes { raw in
            for range in RecordBatchScanner.batches(in: raw) {
                let header = try RecordBatchHeader(parsing: UnsafeRawBufferPointer(rebasing: raw[range]))
                ends.append((range.upperBound, header.nextOffset))
            }
        }
        if closeCleanly { log.close(); return (nil, ends) }
        return (log, ends)
    }

    /// Opens a copy cut at `cut` bytes and checks the promise: intact batches kept, nothing
    /// partial served, appends continue at the right offset.
    private func checkRecovery(reference: String, cut: Int, ends: [(position: Int, endOffset: Int64)],
                               expectedRecords: [(offset: Int64, key: String)]) throws {
        let copy = TemporaryDirectory()
        try copyDirectory(reference, to: copy.path)
        try truncateFile(try activeSegmentPath(copy.path), to: cut)
        let survivor = ends.last { $0.position <= cut }!
        var repairs: [String] = []
        let log = try PartitionLog(directory: copy.path, config: config, log: { repairs.append($0) })
        XCTAssertEqual(log.logEndOffset, survivor.endOffset, "cut at \(cut)")
        XCTAssertEqual(repairs.isEmpty, survivor.position == cut, "cut at \(cut): \(repairs)")
        let records = try Batches.decode(log.readAll())
        XCTAssertEqual(records.map(\.offset), expectedRecords.filter { $0.offset < survivor.endOffset }.map(\.offset), "cut at \(cut)")
        XCTAssertEqual(try log.append(Batches.make(tag: 1000)).baseOffset, survivor.endOffset)
        let after = try Batches.decode(log.readAll(from: survivor.endOffset))
        XCTAssertEqual(after.map(\.key), ["b1000r0", "b1000r1", "b1000r2"])
        log.close()
    }

    func testTruncationAtEveryByteOfTheLastBatchesKeepsEveryIntactBatch() throws {
        let reference = TemporaryDirectory()
        let (_, ends) = try writeReferenceLog(reference.path, closeCleanly: true)
        let expected = try Batches.decode(PartitionLog(directory: reference.path, config: config).readAll())
        XCTAssertGreaterThan(ends.count, 4)
        let from = ends[ends.count - 4].position
        for cut in from...ends.last!.position {
            try checkRecovery(reference: reference.path, cut: cut, ends: ends, expectedRecords: expected)
        }
    }

    /// A copy taken while the log is open looks like a crash: index entries of unsynced data were
    /// never written.
    func testCrashCopyCutAtRandomPositionsRecovers() throws {
        let reference = TemporaryDirectory()
        let crashed = TemporaryDirectory()
        let (log, ends) = try writeReferenceLog(reference.path, closeCleanly: false)
        let expected = try Batches.decode(log!.readAll())
        try copyDirectory(reference.path, to: crashed.path)
        log!.close()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<40 {
            let cut = Int.random(in: 0...ends.last!.position, using: &generator)
            try checkRecovery(reference: crashed.path, cut: cut, ends: ends, expectedRecords: expected)
        }
    }

    func testAFlippedByteInTheLastBatchTruncatesIt() throws {
        let dir = TemporaryDirectory()
        let (_, ends) = try writeReferenceLog(dir.path, closeCleanly: true)
        let path = try activeSegmentPath(dir.path)
        let fd = try FileIO.open(path, flags: O_RDWR)
        var byte: [UInt8] = [0]
        let target = ends.last!.position - 3  // inside the last record: covered by the CRC
        _ = try byte.withUnsafeMutableBytes { try FileIO.pread(fd, into: $0, at: target) }
        byte[0] ^= 0x40
        try byte.withUnsafeBytes { try FileIO.pwrite(fd, $0, at: target) }
        close(fd)
        var repairs: [String] = []
        let log = try PartitionLog(directory: dir.path, config: config, log: { repairs.append($0) })
        XCTAssertEqual(log.logEndOffset, ends[ends.count - 2].endOffset)
        XCTAssertEqual(try FileIO.size(FileIO.open(path, flags: O_RDONLY)), ends[ends.count - 2].position)
        XCTAssertTrue(repairs.contains { $0.contains("truncating") }, "\(repairs)")
    }

    func testAMissingIndexIsRebuilt() throws {
        let dir = TemporaryDirectory()
        let (_, ends) = try writeReferenceLog(dir.path, closeCleanly: true)
        let activeLog = try activeSegmentPath(dir.path)
        let indexPath = String(activeLog.dropLast(4)) + ".index"
        try FileIO.remove(indexPath)
        let log = try PartitionLog(directory: dir.path, config: config)
        XCTAssertEqual(log.logEndOffset, ends.last!.endOffset)
        XCTAssertTrue(FileIO.fileExists(indexPath))
        let middle = ends[ends.count / 2].endOffset
        XCTAssertEqual(try Batches.decode(log.read(from: middle, maxBytes: 1).bytes()).first?.offset, middle)
    }

    /// Segments past the recovery point were never synced: a damaged one ends the log there.
    func testDamageInAnUnsyncedEarlierSegmentDropsTheSegmentsAfterIt() throws {
        let reference = TemporaryDirectory()
        let crashed = TemporaryDirectory()
        let log = try PartitionLog(directory: reference.path, config: config)
        var firstSegmentEnd: Int64 = 0
        for tag in 0..<60 {
            let result = try log.append(Batches.make(tag: tag, count: 2))
            if log.segmentCount == 1 { firstSegmentEnd = result.lastOffset + 1 }
        }
        XCTAssertGreaterThan(log.segmentCount, 3)
        try copyDirectory(reference.path, to: crashed.path)  // a crash: nothing synced, recovery point 0
        log.close()
        let firstSegment = crashed.path + "/00000000000000000000.log"
        let size = try FileIO.size(FileIO.open(firstSegment, flags: O_RDONLY))
        try truncateFile(firstSegment, to: size - 1)
        var repairs: [String] = []
        let recovered = try PartitionLog(directory: crashed.path, config: config, log: { repairs.append($0) })
        XCTAssertEqual(recovered.segmentCount, 1)
        XCTAssertEqual(recovered.logEndOffset, firstSegmentEnd - 2)
        XCTAssertTrue(repairs.contains { $0.contains("deleting segment") }, "\(repairs)")
        XCTAssertEqual(try recovered.append(Batches.make(tag: 99)).baseOffset, firstSegmentEnd - 2)
    }

    /// After a sync that covers a roll, the recovery point moves, so a restart trusts the old segments.
    func testSyncAfterARollMovesTheRecoveryPoint() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: config)
        for tag in 0..<60 { try log.append(Batches.make(tag: tag, count: 2)) }
        try log.sync()
        XCTAssertEqual(log.durableOffset, log.logEndOffset)
        let activeBase = Int64(String(try activeSegmentPath(dir.path).split(separator: "/").last!.prefix(20)))!
        XCTAssertEqual(RecoveryPoint.read(directory: dir.path), activeBase)
        log.close()
    }
}
