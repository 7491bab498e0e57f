import XCTest
import Dispatch
import Synchronization
@testable import Storage

final class GroupCommitTests: XCTestCase {
    func testConcurrentAppendsShareFdatasyncsAndAllBecomeDurable() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: LogConfig(segmentBytes: 4 * 1024))
        let commit = GroupCommit()
        commit.start()
        defer { commit.stop() }
        let threads = 4, appendsPerThread = 50
        let completed = Mutex<[Int64]>([])
        let failures = Atomic<Int>(0)
        let allDone = DispatchSemaphore(value: 0)
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for i in 0..<appendsPerThread {
                guard let result = try? log.append(Batches.make(tag: thread * 1000 + i, count: 2)) else {
                    failures.add(1, ordering: .relaxed)
                    allDone.signal()
                    continue
                }
                commit.syncWhenDurable(log, offset: result.lastOffset) { error in
                    if error != nil || log.durableOffset <= result.lastOffset { failures.add(1, ordering: .relaxed) }
                    completed.withLock { $0.append(result.lastOffset) }
                    allDone.signal()
                }
            }
        }
        for _ in 0..<(threads * appendsPerThread) {
            XCTAssertEqual(allDone.wait(timeout: .now() + 10), .success)
        }
        XCTAssertEqual(failures.load(ordering: .relaxed), 0)
        XCTAssertEqual(completed.withLock { $0.count }, threads * appendsPerThread)
        XCTAssertEqual(log.durableOffset, log.logEndOffset)
        XCTAssertEqual(log.logEndOffset, Int64(threads * appendsPerThread * 2))
        XCTAssertGreaterThan(log.segmentCount, 1)
        let syncs = log.fdatasyncCount
        XCTAssertLessThan(syncs, threads * appendsPerThread, "fdatasync calls: \(syncs)")
        print("group commit: \(threads * appendsPerThread) appends, \(syncs) fdatasync calls")
    }

    func testAfterStopRequestsCompleteWithClosed() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: LogConfig())
        let commit = GroupCommit()
        commit.start()
        let result = try log.append(Batches.make(tag: 0))
        let done = DispatchSemaphore(value: 0)
        commit.syncWhenDurable(log, offset: result.lastOffset) { error in
            XCTAssertNil(error)
            done.signal()
        }
        XCTAssertEqual(done.wait(timeout: .now() + 5), .success)
        commit.stop()
        let closed = Mutex<Bool>(false)
        commit.syncWhenDurable(log, offset: 0) { error in closed.withLock { $0 = (error as? StorageError) == .closed } }
        XCTAssertTrue(closed.withLock { $0 })
    }
}
