/// Kafka's record layouts in `__consumer_offsets` (big-endian, i16-length strings), so lag tools
/// that read the topic understand it. Keys: OffsetCommitKey (version 0/1: group, topic, partition);
/// version 2 is GroupMetadataKey, which Ringlog does not write and skips on replay. Values:
/// OffsetCommitValue v3 (offset, leader epoch, metadata, commit timestamp); older versions are read.
/// A null value (tombstone) deletes the key.
public enum OffsetRecords {
    public static let keyVersion: Int16 = 1
    public static let valueVersion: Int16 = 3

    public struct Key: Hashable, Sendable {
        public var group: String
        public var topic: String
        public var partition: Int32

        public init(group: String, topic: String, partition: Int32) {
            (self.group, self.topic, self.partition) = (group, topic, partition)
        }
    }

    public struct Value: Equatable, Sendable {
        public var offset: Int64
        public var leaderEpoch: Int32
        public var metadata: String
        public var commitTimestampMs: Int64

        public init(offset: Int64, leaderEpoch: Int32, metadata: String, commitTimestampMs: Int64) {
            (self.offset, self.leaderEpoch, self.metadata, self.commitTimestampMs) = (offset, leaderEpoch, metadata, commitTimestampMs)
        }
    }

    public static func encode(_ key: Key) -> [UInt8] {
        var out: [UInt8] = []
        append(keyVersion, to: &out)
        append(key.group, to: &out)
        append(key.topic, to: &out)
        append(key.partition, to: &out)
        return out
    }

    public static func encode(_ value: Value) -> [UInt8] {
        var out: [UInt8] = []
        append(valueVersion, to: &out)
        append(value.offset, to: &out)
        append(value.leaderEpoch, to: &out)
        append(value.metadata, to: &out)
        append(value.commitTimestampMs, to: &out)
        return out
    }

    /// The offset-commit key, or nil for other key types (group metadata) and malformed bytes.
    public static func decodeKey(_ bytes: [UInt8]) -> Key? {
        var cursor = Cursor(bytes: bytes)
        guard let version: Int16 = cursor.read(), version == 0 || version == 1,
              let group = cursor.readString(), let topic = cursor.readString(), let partition: Int32 = cursor.read()
        else { return nil }
        return Key(group: group, topic: topic, partition: partition)
    }

    public static func decodeValue(_ bytes: [UInt8]) -> Value? {
        var cursor = Cursor(bytes: bytes)
        guard let version: Int16 = cursor.read(), (0...3).contains(version), let offset: Int64 = cursor.read() else { return nil }
        var epoch: Int32 = -1
        if version >= 3 {
            guard let e: Int32 = cursor.read() else { return nil }
            epoch = e
        }
        guard let metadata = cursor.readString(), let timestamp: Int64 = cursor.read() else { return nil }
        return Value(offset: offset, leaderEpoch: epoch, metadata: metadata, commitTimestampMs: timestamp)
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { out.append(contentsOf: $0) }
    }

    private static func append(_ string: String, to out: inout [UInt8]) {
        let bytes = Array(string.utf8)
        append(Int16(clamping: bytes.count), to: &out)
        out.append(contentsOf: bytes.prefix(Int(Int16.max)))
    }

    private struct Cursor {
        let bytes: [UInt8]
        var position = 0

        mutating func read<T: FixedWidthInteger>() -> T? {
            let size = MemoryLayout<T>.size
            guard position + size <= bytes.count else { return nil }
            var value: T = 0
            for byte in bytes[position..<position + size] { value = value << 8 | T(byte) }
            position += size
            return value
        }

        mutating func readString() -> String? {
            guard let length: Int16 = read(), length >= 0, position + Int(length) <= bytes.count else { return nil }
            defer { position += Int(length) }
            return String(decoding: bytes[position..<position + Int(length)], as: UTF8.self)
        }
    }
}

/// Java's String.hashCode (31·h + UTF-16 unit, wrapping): Kafka places a group in partition
/// `(hash & 0x7fffffff) % partitionCount` of `__consumer_offsets`; the broker and GroupOffsets do too.
public func javaStringHashCode(_ s: String) -> Int32 {
    var h: Int32 = 0
    for unit in s.utf16 { h = h &* 31 &+ Int32(unit) }
    return h
}
