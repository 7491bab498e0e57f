import XCTest
import Glibc
import Dispatch
@testable import Records
@testable import Storage

/// Throughput numbers for docs and reports; skipped unless RINGLOG_MEASURE=1 (run in release:
/// `RINGLOG_MEASURE=1 swift test -c release --scratch-path .build-reltest --filter StorageMeasurementTests`).
final class StorageMeasurementTests: XCTestCase {
    private func seconds(_ body: () throws -> Void) rethrows -> Double {
        var start = timespec(), end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        try body()
        clock_gettime(CLOCK_MONOTONIC, &end)
        return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
    }

    func testAppendReadAndChecksumThroughput() throws {
        guard getenv("RINGLOG_MEASURE") != nil else { throw XCTSkip("set RINGLOG_MEASURE=1 to measure") }
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: LogConfig(segmentBytes: 64 << 20))
        var builder = RecordBatchBuilder(baseTimestamp: 0)
        for i in 0..<16 { builder.append(key: nil, value: [UInt8](repeating: UInt8(i), count: 1000)) }
        var batch = builder.build()
        let batches = 20_000
        let appendSeconds = try seconds {
            for _ in 0..<batches { _ = try batch.withUnsafeMutableBytes { try log.append($0) } }
        }
        let totalBytes = Double(batch.count * batches)
        let syncSeconds = try seconds { try log.sync() }
        var readBytes = 0
        let readSeconds = try seconds {
            var offset: Int64 = 0
            while offset < log.logEndOffset {
                let result = try log.read(from: offset, maxBytes: 1 << 20)
                readBytes += result.byteCount
                offset += Int64(result.byteCount / batch.count * 16)
            }
        }
        let big = [UInt8](repeating: 7, count: 64 << 20)
        var crc: UInt32 = 0
        let crcSeconds = seconds { crc = CRC32C.checksum(big) }
        let portableSeconds = seconds { crc ^= big.withUnsafeBytes { CRC32C.portableChecksum($0) } }
        print("""
            measure: append \(batches) x \(batch.count) B batches: \(Int(Double(batches) / appendSeconds)) batches/s, \
            \(Int(totalBytes / appendSeconds / 1e6)) MB/s; final fdatasync \(Int(syncSeconds * 1000)) ms; \
            read index lookups (1 MiB fetches, no copy) \(Int(Double(readBytes) / readSeconds / 1e6)) MB/s; \
            CRC-32C SSE4.2 \(Int(64 * 1.048576 / crcSeconds)) MB/s, portable \(Int(64 * 1.048576 / portableSeconds)) MB/s (\(crc))
            """)
        XCTAssertEqual(readBytes, batch.count * batches)
    }

    /// acks=-1 load: 8 threads, each waiting for durability before its next append (like 8 producers).
    func testGroupCommitThroughput() throws {
        guard getenv("RINGLOG_MEASURE") != nil else { throw XCTSkip("set RINGLOG_MEASURE=1 to measure") }
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: LogConfig())
        let commit = GroupCommit()
        commit.start()
        defer { commit.stop() }
        var builder = RecordBatchBuilder(baseTimestamp: 0)
        builder.append(key: nil, value: [UInt8](repeating: 1, count: 100))
        let batch = builder.build()
        let threads = 8, appendsPerThread = 200
        let elapsed = seconds {
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
                for _ in 0..<appendsPerThread {
                    guard let result = try? log.append(batch) else { return }
                    let durable = DispatchSemaphore(value: 0)
                    commit.syncWhenDurable(log, offset: result.lastOffset) { _ in durable.signal() }
                    _ = durable.wait(timeout: .now() + 10)
                }
            }
        }
        let appends = threads * appendsPerThread
        print("measure: acks=-1, \(threads) threads: \(Int(Double(appends) / elapsed)) appends/s, \(appends) appends, \(log.fdatasyncCount) fdatasync calls")
        XCTAssertEqual(log.durableOffset, Int64(appends))
    }
}
