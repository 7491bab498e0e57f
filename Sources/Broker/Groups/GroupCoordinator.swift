import Flow
import Dispatch
import Storage
import Wire

/// The group coordinator of this single node: every group, its offsets in `__consumer_offsets`,
/// and a ticker that enforces session, join and sync deadlines. Membership lives in memory only
/// (after a restart members re-join); committed offsets are durable before OffsetCommit is answered.
/// Lock order: the registry lock, then a group's lock; never the other way.
final class GroupCoordinator: @unchecked Sendable {
    let config: GroupConfig
    let offsetsTopic: OffsetsTopic
    let store: LogStore
    private let groupCommit: GroupCommit
    private let log: (String) -> Void
    private let registry = Monitor()
    private var groups: [String: ConsumerGroup] = [:]
    private var ticker: DispatchSourceTimer?
    private let tickQueue = DispatchQueue(label: "ringlog-group-ticker")

    init(store: LogStore, groupCommit: GroupCommit, config: GroupConfig, log: @escaping (String) -> Void) throws {
        self.config = config
        self.store = store
        self.groupCommit = groupCommit
        self.log = log
        let startMs = monotonicNowMs()
        offsetsTopic = try OffsetsTopic(store: store, partitionCount: config.offsetsTopicPartitions)
        let records = try offsetsTopic.replay { key, value, logOffset in
            let group = groupOrCreate(key.group)
            let tp = TopicPartition(topic: key.topic, partition: key.partition)
            if let value {
                group.offsets[tp] = CommittedOffset(offset: value.offset, leaderEpoch: value.leaderEpoch, metadata: value.metadata,
                                                    commitTimestampMs: value.commitTimestampMs, logOffset: logOffset)
            } else {
                group.offsets[tp] = nil
            }
        }
        // Groups whose offsets were all deleted (tombstones) are gone.
        groups = groups.filter { !$0.value.offsets.isEmpty }
        log("groups: opened and replayed \(records) offset record(s) of \(offsetsTopic.partitions.count) partition(s) of "
            + "\(OffsetsTopic.name) in \(monotonicNowMs() - startMs) ms; \(groups.count) group(s) with committed offsets")
    }

    func start() {
        let timer = DispatchSource.makeTimerSource(queue: tickQueue)
        timer.schedule(deadline: .now() + .milliseconds(config.tickIntervalMs), repeating: .milliseconds(config.tickIntervalMs))
        timer.setEventHandler { [weak self] in self?.tick() }
        timer.resume()
        ticker = timer
    }

    func stop() {
        ticker?.cancel()
        ticker = nil
        tickQueue.sync {}  // a tick in progress finishes before the logs close
    }

    func tick() {
        let now = monotonicNowMs()
        for group in allGroups { group.tick(nowMs: now) }
    }

    // MARK: registry

    var allGroups: [ConsumerGroup] { registry.withLock { Array(groups.values) } }

    func group(_ id: String) -> ConsumerGroup? { registry.withLock { groups[id] } }

    func groupOrCreate(_ id: String) -> ConsumerGroup {
        registry.withLock {
            if let group = groups[id] { return group }
            let group = ConsumerGroup(groupId: id, config: config, log: log)
            groups[id] = group
            return group
        }
    }

    // MARK: offsets

    struct CommitEntry {
        var topic: String
        var partition: Int32
        var offset: Int64
        var leaderEpoch: Int32
        var metadata: String
    }

    /// Validates, appends one batch of offset records, and calls `completion` (one error per entry)
    /// once the batch is durable, from the group-commit thread. Memory is updated only then, so
    /// OffsetFetch never shows an offset a crash could take back.
    func commitOffsets(groupId: String, memberId: String, instanceId: String?, generation: Int32,
                       entries: [CommitEntry], unknownGroupError: ErrorCode,
                       completion: @escaping @Sendable ([ErrorCode]) -> Void) {
        guard !groupId.isEmpty else { return completion(entries.map { _ in .invalidGroupId }) }
        let simple = generation < 0 && memberId.isEmpty
        guard let group = simple ? groupOrCreate(groupId) : group(groupId) else {
            return completion(entries.map { _ in unknownGroupError })
        }
        let nowMs = monotonicNowMs()
        let membership = group.validateCommit(memberId: memberId, instanceId: instanceId, generation: generation, nowMs: nowMs)
        guard membership == .none else { return completion(entries.map { _ in membership }) }
        var errors = [ErrorCode](repeating: .none, count: entries.count)
        var accepted: [Int] = []
        for (i, entry) in entries.enumerated() {
            if entry.metadata.utf8.count > config.offsetMetadataBytesMax {
                errors[i] = .offsetMetadataTooLarge
            } else if store.partition(topic: entry.topic, index: Int(entry.partition)) == nil {
                errors[i] = .unknownTopicOrPartition
            } else {
                accepted.append(i)
            }
        }
        guard !accepted.isEmpty else { return completion(errors) }
        let wallMs = wallClockNowMs()
        let records = accepted.map { i -> (key: [UInt8], value: [UInt8]?) in
            let e = entries[i]
            return (OffsetRecords.encode(OffsetRecords.Key(group: groupId, topic: e.topic, partition: e.partition)),
                    OffsetRecords.encode(OffsetRecords.Value(offset: e.offset, leaderEpoch: e.leaderEpoch,
                                                             metadata: e.metadata, commitTimestampMs: wallMs)))
        }
        let appended: (log: PartitionLog, baseOffset: Int64, lastOffset: Int64)
        do {
            appended = try offsetsTopic.append(groupId: groupId, records: records, nowMs: wallMs)
        } catch {
            log("groups: appending offsets of group \(groupId) failed: \(error)")
            for i in accepted { errors[i] = .coordinatorNotAvailable }  // retriable: the client tries again
            return completion(errors)
        }
        let finalErrors = errors
        groupCommit.syncWhenDurable(appended.log, offset: appended.lastOffset) { [log, accepted] error in
            var errors = finalErrors
            if let error {
                log("groups: syncing offsets of group \(groupId) failed: \(error)")
                for i in accepted { errors[i] = .coordinatorNotAvailable }
            } else {
                group.locked {
                    for (k, i) in accepted.enumerated() {
                        let e = entries[i]
                        let tp = TopicPartition(topic: e.topic, partition: e.partition)
                        let logOffset = appended.baseOffset + Int64(k)
                        if let current = group.offsets[tp], current.logOffset > logOffset { continue }
                        group.offsets[tp] = CommittedOffset(offset: e.offset, leaderEpoch: e.leaderEpoch, metadata: e.metadata,
                                                            commitTimestampMs: wallMs, logOffset: logOffset)
                    }
                }
            }
            completion(errors)
        }
    }

    /// Committed offsets of the wanted partitions (nil: every partition with a commit), or nil per
    /// partition that has none.
    func fetchOffsets(groupId: String, topics: [(name: String, partitions: [Int32])]?) -> [(topic: String, partitions: [(Int32, CommittedOffset?)])] {
        let committed: [TopicPartition: CommittedOffset] = group(groupId).map { g in g.locked { g.offsets } } ?? [:]
        if let topics {
            return topics.map { topic in
                (topic.name, topic.partitions.map { ($0, committed[TopicPartition(topic: topic.name, partition: $0)]) })
            }
        }
        let byTopic = Dictionary(grouping: committed.keys.sorted(), by: \.topic)
        return byTopic.keys.sorted().map { name in (name, byTopic[name]!.map { ($0.partition, committed[$0]) }) }
    }

    // MARK: deletion

    /// A deleted topic takes its committed offsets with it (as in Kafka): otherwise a group would resume a
    /// re-created topic of the same name at the old topic's offsets and skip its first records.
    /// Tombstones are appended and synced in the background; memory forgets the offsets at once.
    func removeOffsets(ofTopic topic: String) {
        let everyGroup: [(String, ConsumerGroup)] = registry.withLock { groups.map { ($0.key, $0.value) } }
        for (id, group) in everyGroup {
            let removed: [TopicPartition] = group.locked {
                let keys = group.offsets.keys.filter { $0.topic == topic }.sorted()
                for key in keys { group.offsets[key] = nil }
                return keys
            }
            guard !removed.isEmpty else { continue }
            let tombstones = removed.map { tp -> (key: [UInt8], value: [UInt8]?) in
                (OffsetRecords.encode(OffsetRecords.Key(group: id, topic: tp.topic, partition: tp.partition)), nil)
            }
            do {
                let appended = try offsetsTopic.append(groupId: id, records: tombstones, nowMs: wallClockNowMs())
                groupCommit.syncWhenDurable(appended.log, offset: appended.lastOffset) { _ in }
            } catch {
                log("groups: writing tombstones for deleted topic \(topic) in group \(id) failed: \(error)")
            }
        }
    }

    /// Deletes empty groups: the group leaves the registry at once (later requests see a new, empty
    /// group), tombstones for its offsets are appended, and the answer waits until they are durable.
    func deleteGroups(_ ids: [String], completion: @escaping @Sendable ([ErrorCode]) -> Void) {
        var errors = [ErrorCode](repeating: .none, count: ids.count)
        var waits: [(index: Int, log: PartitionLog, offset: Int64)] = []
        for (i, id) in ids.enumerated() {
            if id.isEmpty { errors[i] = .invalidGroupId; continue }
            let removed: (ErrorCode, [TopicPartition]) = registry.withLock {
                guard let group = groups[id] else { return (.groupIdNotFound, []) }
                let (error, keys) = group.locked { () -> (ErrorCode, [TopicPartition]) in
                    guard group.state == .empty, group.members.isEmpty else { return (.nonEmptyGroup, []) }
                    group.state = .dead
                    return (.none, group.offsets.keys.sorted())
                }
                if error == .none { groups[id] = nil }
                return (error, keys)
            }
            errors[i] = removed.0
            guard removed.0 == .none, !removed.1.isEmpty else { continue }
            let tombstones = removed.1.map { tp -> (key: [UInt8], value: [UInt8]?) in
                (OffsetRecords.encode(OffsetRecords.Key(group: id, topic: tp.topic, partition: tp.partition)), nil)
            }
            do {
                let appended = try offsetsTopic.append(groupId: id, records: tombstones, nowMs: wallClockNowMs())
                waits.append((i, appended.log, appended.lastOffset))
            } catch {
                log("groups: writing tombstones of group \(id) failed: \(error)")
                errors[i] = .coordinatorNotAvailable
            }
        }
        guard !waits.isEmpty else { return completion(errors) }
        let pending = PendingAnswers(errors: errors, remaining: waits.count, completion: completion)
        for wait in waits {
            groupCommit.syncWhenDurable(wait.log, offset: wait.offset) { error in
                pending.finish(index: wait.index, error: error == nil ? nil : .coordinatorNotAvailable)
            }
        }
    }
}

/// Error codes filled in by several group-commit callbacks; the last one answers.
private final class PendingAnswers: @unchecked Sendable {
    private let lock = Monitor()
    private var errors: [ErrorCode]
    private var remaining: Int
    private let completion: @Sendable ([ErrorCode]) -> Void

    init(errors: [ErrorCode], remaining: Int, completion: @escaping @Sendable ([ErrorCode]) -> Void) {
        (self.errors, self.remaining, self.completion) = (errors, remaining, completion)
    }

    func finish(index: Int, error: ErrorCode?) {
        let done: [ErrorCode]? = lock.withLock {
            if let error { errors[index] = error }
            remaining -= 1
            return remaining == 0 ? errors : nil
        }
        if let done { completion(done) }
    }
}
