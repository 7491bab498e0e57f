import Flow
import Glibc

/// Answers acks=-1 appends once their data is on disk, sharing fdatasync calls: one background
/// thread takes every waiting request at once, syncs each log involved once, and completes all
/// requests that sync covered. Appends arriving during a sync wait for the next round, so under
/// load one fdatasync serves many appends.
public final class GroupCommit: @unchecked Sendable {
    /// Bound on how long the flusher sleeps when idle before checking for stop (ms).
    static let idleWaitMs = 100

    private struct Waiter {
        let log: PartitionLog
        let offset: Int64
        let completion: @Sendable (Error?) -> Void
    }

    private let lock = Lock()
    private var waiters: [Waiter] = []
    private var isRunning = false
    private var stopRequested = false
    private var thread: FlowThread?

    public init() {}

    public func start() {
        lock.withLock {
            precondition(!isRunning, "GroupCommit started twice")
            isRunning = true
            stopRequested = false
            thread = FlowThread { [self] in run() }   // the thread keeps self alive until run() returns
        }
    }

    /// Finishes the requests already waiting (syncing their logs), then ends the thread.
    public func stop() {
        let running: FlowThread? = lock.withLock {
            guard isRunning else { return nil }
            stopRequested = true
            lock.broadcast()
            return thread
        }
        running?.join()
        lock.withLock {
            isRunning = false
            thread = nil
        }
    }

    /// Calls `completion` on the flusher thread once `log.durableOffset > offset` (nil), or with
    /// the sync error. After stop(), completes at once with StorageError.closed.
    public func syncWhenDurable(_ log: PartitionLog, offset: Int64, completion: @escaping @Sendable (Error?) -> Void) {
        let accepted = lock.withLock { () -> Bool in
            guard isRunning && !stopRequested else { return false }
            waiters.append(Waiter(log: log, offset: offset, completion: completion))
            lock.broadcast()
            return true
        }
        if !accepted { completion(StorageError.closed) }
    }

    private func run() {
        while true {
            let (batch, stopping) = lock.withLock { () -> ([Waiter], Bool) in
                while waiters.isEmpty && !stopRequested { lock.wait(timeoutMs: Self.idleWaitMs) }
                defer { waiters.removeAll(keepingCapacity: true) }
                return (waiters, stopRequested)
            }
            flush(batch)
            if stopping && lock.withLock({ waiters.isEmpty }) { return }
        }
    }

    /// One sync per distinct log (skipped when an earlier sync already covered its waiters), then
    /// every waiter whose offset is durable completes.
    private func flush(_ batch: [Waiter]) {
        var highestOffset: [ObjectIdentifier: (log: PartitionLog, offset: Int64)] = [:]
        for waiter in batch {
            let key = ObjectIdentifier(waiter.log)
            highestOffset[key] = (waiter.log, max(waiter.offset, highestOffset[key]?.offset ?? .min))
        }
        var failures: [ObjectIdentifier: Error] = [:]
        for (key, entry) in highestOffset where entry.log.durableOffset <= entry.offset {
            do { try entry.log.sync() } catch { failures[key] = error }
        }
        for waiter in batch {
            if let error = failures[ObjectIdentifier(waiter.log)] {
                waiter.completion(error)
            } else if waiter.log.durableOffset > waiter.offset {
                waiter.completion(nil)
            } else {
                waiter.completion(StorageError.io(op: "sync did not cover offset \(waiter.offset)", errno: EIO))
            }
        }
    }
}
