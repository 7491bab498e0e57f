import Flow
import Glibc

/// How often the background work runs, under Kafka's broker setting names.
public struct MaintenanceSchedule: Sendable, Equatable {
    /// `log.retention.check.interval.ms`: how often retention looks for expired segments.
    public var retentionCheckIntervalMs: Int64 = 300_000
    /// `log.flush.offset.checkpoint.interval.ms`: how often logs with unsynced appends (acks=1
    /// traffic) are fdatasync'ed and their recovery point moved, so a crash rescans little.
    public var syncIntervalMs: Int64 = 60_000
    /// `log.cleaner.backoff.ms`: the cleaner's pause between passes over compacted logs.
    public var cleanerBackoffMs: Int64 = 15_000
    /// `log.cleaner.enable`.
    public var cleanerEnabled = true

    public init() {}

    public init(brokerProperties properties: [String: String]) throws {
        func milliseconds(_ key: String, _ value: inout Int64) throws {
            guard let text = properties[key] else { return }
            guard let ms = Int64(text), ms > 0 else { throw StorageError.invalidConfig(key) }
            value = ms
        }
        try milliseconds("log.retention.check.interval.ms", &retentionCheckIntervalMs)
        try milliseconds("log.flush.offset.checkpoint.interval.ms", &syncIntervalMs)
        try milliseconds("log.cleaner.backoff.ms", &cleanerBackoffMs)
        if let text = properties["log.cleaner.enable"] {
            guard let enabled = Bool(text.lowercased()) else { throw StorageError.invalidConfig("log.cleaner.enable") }
            cleanerEnabled = enabled
        }
    }
}

/// One background thread that keeps a store's logs in shape: retention, periodic sync (the
/// recovery-point checkpoint) and compaction. Work on one log never blocks its appends for long:
/// each step takes the partition lock only to pick or swap segments.
public final class LogMaintenance: @unchecked Sendable {
    private let store: LogStore
    private let schedule: MaintenanceSchedule
    private let log: (String) -> Void
    private let lock = Lock()
    private var isRunning = false
    private var stopRequested = false
    private var thread: FlowThread?

    public init(store: LogStore, schedule: MaintenanceSchedule, log: @escaping (String) -> Void = { _ in }) {
        self.store = store
        self.schedule = schedule
        self.log = log
    }

    public func start() {
        lock.withLock {
            precondition(!isRunning, "LogMaintenance started twice")
            isRunning = true
            stopRequested = false
            thread = FlowThread { [self] in run() }   // the thread keeps self alive until run() returns
        }
    }

    /// Lets the current step finish, then ends the thread.
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

    private func run() {
        let start = FileIO.nowMs()
        var nextRetention = start + schedule.retentionCheckIntervalMs
        var nextSync = start + schedule.syncIntervalMs
        var nextClean = start + schedule.cleanerBackoffMs
        while true {
            let now = FileIO.nowMs()
            if now >= nextRetention {
                enforceRetention(nowMs: now)
                nextRetention = now + schedule.retentionCheckIntervalMs
            }
            if now >= nextSync {
                syncDirtyLogs()
                nextSync = now + schedule.syncIntervalMs
            }
            if schedule.cleanerEnabled && now >= nextClean {
                compact(nowMs: now)
                nextClean = FileIO.nowMs() + schedule.cleanerBackoffMs
            }
            let due = min(nextRetention, nextSync, schedule.cleanerEnabled ? nextClean : .max)
            let stopping = lock.withLock { () -> Bool in
                let waitMs = Int(max(1, min(due - FileIO.nowMs(), 1_000)))
                if !stopRequested { lock.wait(timeoutMs: waitMs) }
                return stopRequested
            }
            if stopping { return }
        }
    }

    private var stopping: Bool { lock.withLock { stopRequested } }

    /// One retention pass over every log (also usable directly, e.g. by tests and embedders).
    public func enforceRetention(nowMs: Int64) {
        for partition in store.allPartitions where !stopping {
            do {
                // Rolled segments still unsynced (acks=1 traffic) are synced first, as Kafka flushes
                // a segment on roll: retention only deletes segments no sync is using.
                if partition.hasSealedUnsyncedSegments { try partition.sync() }
                try partition.enforceRetention(nowMs: nowMs)
            } catch StorageError.closed {
            } catch { log("retention of \(partition.directory) failed: \(error)") }
        }
    }

    /// fdatasync of every log with appends not yet on disk.
    public func syncDirtyLogs() {
        for partition in store.allPartitions where !stopping && partition.hasUnsyncedData {
            do { try partition.sync() } catch StorageError.closed {
            } catch { log("periodic sync of \(partition.directory) failed: \(error)") }
        }
    }

    /// One cleaner pass over every log whose policy includes "compact".
    public func compact(nowMs: Int64) {
        for partition in store.allPartitions where !stopping && partition.config.cleanupPolicies.contains("compact") {
            do { try partition.compactIfDirty(nowMs: nowMs) } catch StorageError.closed {
            } catch { log("cleaning \(partition.directory) failed: \(error)") }
        }
    }
}

extension LogStore {
    /// Every open partition log, in no particular order.
    public var allPartitions: [PartitionLog] {
        lock.withLock { entries.values.flatMap(\.partitions) }
    }
}

extension PartitionLog {
    /// Appends not yet fdatasync'ed (acks=1 traffic).
    var hasSealedUnsyncedSegments: Bool { lock.withLock { !sealedUnsynced.isEmpty } }

    public var hasUnsyncedData: Bool {
        lock.withLock { !isClosed && (durable < segments.last!.nextOffset || !sealedUnsynced.isEmpty) }
    }
}
