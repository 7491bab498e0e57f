import Records
import Storage

/// The internal topic `__consumer_offsets`: committed offsets as records (see `OffsetRecords`),
/// appended to the partition that owns the group and replayed into memory at start.
/// Created on first start with `offsets.topic.num.partitions` partitions and `cleanup.policy=compact`;
/// an existing topic keeps its partition count (group placement depends on it).
final class OffsetsTopic: @unchecked Sendable {
    static let name = "__consumer_offsets"
    /// Bytes read per step when replaying a partition.
    static let replayReadBytes = 1 << 20

    let partitions: [PartitionLog]

    init(store: LogStore, partitionCount: Int) throws {
        let topic: TopicMetadata
        if let existing = store.topic(named: Self.name) {
            topic = existing
        } else {
            topic = try store.createTopic(name: Self.name, partitionCount: partitionCount,
                                          configs: ["cleanup.policy": "compact"])
        }
        partitions = try (0..<topic.partitionCount).map { index in
            guard let log = store.partition(topic: Self.name, index: index) else { throw StorageError.unknownTopic(Self.name) }
            return log
        }
    }

    func partition(for groupId: String) -> PartitionLog {
        partitions[Int(javaStringHashCode(groupId) & 0x7fff_ffff) % partitions.count]
    }

    /// Appends one batch holding `records` (in order) to the group's partition; returns the log and
    /// the offset of the first record. Durable only after GroupCommit has synced up to the last one.
    func append(groupId: String, records: [(key: [UInt8], value: [UInt8]?)], nowMs: Int64) throws -> (log: PartitionLog, baseOffset: Int64, lastOffset: Int64) {
        var builder = RecordBatchBuilder(baseTimestamp: nowMs)
        for record in records { builder.append(key: record.key, value: record.value) }
        var batch = builder.build()
        let log = partition(for: groupId)
        let result = try batch.withUnsafeMutableBytes { try log.append($0) }
        return (log, result.baseOffset, result.lastOffset)
    }

    /// Calls `apply` with every offset-commit record in log order (nil value = tombstone) and its offset.
    func replay(_ apply: (OffsetRecords.Key, OffsetRecords.Value?, Int64) -> Void) throws -> Int {
        var count = 0
        for log in partitions {
            var next = log.logStartOffset
            let end = log.logEndOffset
            while next < end {
                let chunk = try log.read(from: next, maxBytes: Self.replayReadBytes, minOneBatch: true)
                guard chunk.byteCount > 0 else { break }
                let bytes = try chunk.bytes()
                var position = 0
                try bytes.withUnsafeBytes { all in
                    while position + RecordBatchHeader.byteCount <= all.count {
                        let header = try RecordBatchHeader(parsing: UnsafeRawBufferPointer(rebasing: all[position...]))
                        let batchEnd = position + header.totalByteCount
                        guard batchEnd <= all.count else { break }
                        defer { position = batchEnd; next = header.nextOffset }
                        guard !header.isControl else { continue }
                        let (_, records) = try RecordBatchReader.records(in: UnsafeRawBufferPointer(rebasing: all[position..<batchEnd]))
                        for record in records {
                            guard let keyBytes = record.key, let key = OffsetRecords.decodeKey(keyBytes) else { continue }
                            let value = record.value.flatMap(OffsetRecords.decodeValue)
                            if record.value != nil && value == nil { continue }  // a value layout we do not know
                            apply(key, value, header.baseOffset + Int64(record.offsetDelta))
                            count += 1
                        }
                    }
                }
                if position == 0 { break }  // no whole batch in the chunk: cannot progress
            }
        }
        return count
    }
}
