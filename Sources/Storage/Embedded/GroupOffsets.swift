import Records

/// Committed consumer-group offsets without a server, stored as the broker stores them: records
/// in the compacted internal topic `__consumer_offsets` with Kafka's layouts (`OffsetRecords`), in
/// the partition Kafka would pick for the group. Opening replays the topic into memory. Thread-safe.
public final class GroupOffsets: @unchecked Sendable {
    public static let topicName = "__consumer_offsets"
    /// Bytes read per step while replaying.
    static let replayReadBytes = 1 << 20

    private let partitions: [PartitionLog]
    private let lock = Lock()
    private var committed: [OffsetRecords.Key: Int64] = [:]

    /// Uses the store's `__consumer_offsets` (created with one partition and
    /// `cleanup.policy=compact` if missing) and replays it.
    public init(store: LogStore) throws {
        let metadata = try store.topic(named: Self.topicName)
            ?? store.createTopic(name: Self.topicName, partitionCount: 1, configs: ["cleanup.policy": "compact"])
        partitions = try (0..<metadata.partitionCount).map {
            guard let log = store.partition(topic: Self.topicName, index: $0) else { throw StorageError.unknownTopic(Self.topicName) }
            return log
        }
        for log in partitions { try replay(log) }
    }

    /// Commits `offset` (the next record the group will read) durably: returns after fdatasync.
    public func commit(_ offset: Int64, group: String, topic: String, partition: Int, metadata: String = "") throws {
        let key = OffsetRecords.Key(group: group, topic: topic, partition: Int32(partition))
        let value = OffsetRecords.Value(offset: offset, leaderEpoch: -1, metadata: metadata, commitTimestampMs: FileIO.nowMs())
        try log(for: group).append(records: [(OffsetRecords.encode(key), OffsetRecords.encode(value))], durably: true)
        lock.withLock { committed[key] = offset }
    }

    /// The last offset committed for the group and partition, or nil.
    public func committedOffset(group: String, topic: String, partition: Int) -> Int64? {
        lock.withLock { committed[OffsetRecords.Key(group: group, topic: topic, partition: Int32(partition))] }
    }

    private func log(for group: String) -> PartitionLog {
        partitions[Int(javaStringHashCode(group) & 0x7fff_ffff) % partitions.count]
    }

    private func replay(_ log: PartitionLog) throws {
        var next = log.logStartOffset
        let end = log.logEndOffset
        while next < end {
            let (records, after) = try log.recordsAndNextOffset(from: next, maxBytes: Self.replayReadBytes)
            guard after > next else { break }
            for record in records {
                guard let keyBytes = record.key, let key = OffsetRecords.decodeKey(keyBytes) else { continue }
                if let valueBytes = record.value, let value = OffsetRecords.decodeValue(valueBytes) {
                    committed[key] = value.offset
                } else if record.value == nil {
                    committed[key] = nil
                }
            }
            next = after
        }
    }
}
