import Records

/// Committed consumer-group offsets without a server, stored as the broker stores them: records
/// in the compacted internal topic `__consumer_offsets` with Kafka's layouts (key: OffsetCommitKey
/// v1 = version, group, topic, partition; value: OffsetCommitValue v3 = version, offset, leader
/// epoch, metadata, commit time; strings with an i16 length), in the partition Kafka would pick
/// for the group. Opening replays the topic into memory. Thread-safe.
public final class GroupOffsets: @unchecked Sendable {
    public static let topicName = "__consumer_offsets"
    static let keyVersion: Int16 = 1
    static let valueVersion: Int16 = 3
    /// Bytes read per step while replaying.
    static let replayReadBytes = 1 << 20

    private struct Key: Hashable {
        var group: String
        var topic: String
        var partition: Int32
    }

    private let partitions: [PartitionLog]
    private let lock = Lock()
    private var committed: [Key: Int64] = [:]

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
        let key = Key(group: group, topic: topic, partition: Int32(partition))
        var value: [UInt8] = []
        Self.append(Self.valueVersion, to: &value)
        Self.append(offset, to: &value)
        Self.append(Int32(-1), to: &value)                 // leader epoch: unknown
        Self.append(metadata, to: &value)
        Self.append(FileIO.nowMs(), to: &value)
        try log(for: group).append(records: [(Self.encode(key), value)], durably: true)
        lock.withLock { committed[key] = offset }
    }

    /// The last offset committed for the group and partition, or nil.
    public func committedOffset(group: String, topic: String, partition: Int) -> Int64? {
        lock.withLock { committed[Key(group: group, topic: topic, partition: Int32(partition))] }
    }

    private func log(for group: String) -> PartitionLog {
        partitions[Int(Self.javaHashCode(group) & 0x7fff_ffff) % partitions.count]
    }

    private func replay(_ log: PartitionLog) throws {
        var next = log.logStartOffset
        let end = log.logEndOffset
        while next < end {
            let (records, after) = try log.recordsAndNextOffset(from: next, maxBytes: Self.replayReadBytes)
            guard after > next else { break }
            for record in records {
                guard let keyBytes = record.key, let key = Self.decodeKey(keyBytes) else { continue }
                if let valueBytes = record.value, let offset = Self.decodeOffset(valueBytes) {
                    committed[key] = offset
                } else if record.value == nil {
                    committed[key] = nil
                }
            }
            next = after
        }
    }

    // MARK: Kafka's layouts

    private static func encode(_ key: Key) -> [UInt8] {
        var out: [UInt8] = []
        append(keyVersion, to: &out)
        append(key.group, to: &out)
        append(key.topic, to: &out)
        append(key.partition, to: &out)
        return out
    }

    private static func decodeKey(_ bytes: [UInt8]) -> Key? {
        var position = 0
        guard let version: Int16 = read(bytes, &position), version == 0 || version == 1,
              let group = readString(bytes, &position), let topic = readString(bytes, &position),
              let partition: Int32 = read(bytes, &position) else { return nil }
        return Key(group: group, topic: topic, partition: partition)
    }

    private static func decodeOffset(_ bytes: [UInt8]) -> Int64? {
        var position = 0
        guard let version: Int16 = read(bytes, &position), (0...3).contains(version) else { return nil }
        return read(bytes, &position)
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { out.append(contentsOf: $0) }
    }

    private static func append(_ string: String, to out: inout [UInt8]) {
        let bytes = Array(string.utf8.prefix(Int(Int16.max)))
        append(Int16(bytes.count), to: &out)
        out.append(contentsOf: bytes)
    }

    private static func read<T: FixedWidthInteger>(_ bytes: [UInt8], _ position: inout Int) -> T? {
        let size = MemoryLayout<T>.size
        guard position + size <= bytes.count else { return nil }
        defer { position += size }
        return bytes[position..<position + size].reduce(T(0)) { $0 << 8 | T($1) }
    }

    private static func readString(_ bytes: [UInt8], _ position: inout Int) -> String? {
        guard let length: Int16 = read(bytes, &position), length >= 0, position + Int(length) <= bytes.count else { return nil }
        defer { position += Int(length) }
        return String(decoding: bytes[position..<position + Int(length)], as: UTF8.self)
    }

    /// Java's String.hashCode over UTF-16 code units: Kafka's choice of offsets partition.
    static func javaHashCode(_ text: String) -> Int32 {
        text.utf16.reduce(Int32(0)) { $0 &* 31 &+ Int32($1) }
    }
}
