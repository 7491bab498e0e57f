import XCTest
import Glibc
@testable import Records
@testable import Storage

final class CrashRecoveryTests: XCTestCase {
    private let config = LogConfig(segmentBytes: 100_000, indexIntervalBytes: 150)

    /// Flips one byte of the first batch's records in the only segment.
    private func flipEarlyByte(_ dir: String) throws {
        let fd = try FileIO.open(dir + "/" + SegmentNames.stem(0) + ".log", flags: O_RDWR)
        defer { close(fd) }
        var byte: [UInt8] = [0]
        _ = try byte.withUnsafeMutableBytes { try FileIO.pread(fd, into: $0, at: 70) }
        byte[0] ^= 0x10
        try byte.withUnsafeBytes { try FileIO.pwrite(fd, $0, at: 70) }
    }

    func testAfterACrashTheWholeActiveSegmentIsCheckedEvenBeforeItsLastIndexEntry() throws {
        let dir = TemporaryDirectory()
        do {
            let log = try PartitionLog(directory: dir.path, config: config)
            for tag in 0..<20 { try log.append(Batches.make(tag: tag)) }
            try log.sync()          // index entries are on disk; no close(): a crash
            try flipEarlyByte(dir.path)
            var messages: [String] = []
            let reopened = try PartitionLog(directory: dir.path, config: config, log: { messages.append($0) })
            XCTAssertEqual(reopened.logEndOffset, 0, "the damaged first batch and all after it are cut")
            XCTAssertTrue(messages.contains { $0.contains("truncating") }, "\(messages)")
            reopened.close()
            _ = log
        }
    }

    func testAfterACleanCloseOnlyTheTailAfterTheLastIndexEntryIsChecked() throws {
        let dir = TemporaryDirectory()
        do {
            let log = try PartitionLog(directory: dir.path, config: config)
            for tag in 0..<20 { try log.append(Batches.make(tag: tag)) }
            log.close()
        }
        XCTAssertTrue(FileIO.fileExists(dir.path + "/" + CleanShutdownMarker.fileName))
        let log = try PartitionLog(directory: dir.path, config: config)
        XCTAssertEqual(log.logEndOffset, 60)
        XCTAssertFalse(FileIO.fileExists(dir.path + "/" + CleanShutdownMarker.fileName), "the marker is consumed at open")
    }
}
