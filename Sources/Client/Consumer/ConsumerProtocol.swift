import Wire

/// The bytes consumers put inside JoinGroup (subscription) and SyncGroup (assignment) for protocol
/// type "consumer": Kafka's ConsumerProtocolSubscription / ConsumerProtocolAssignment, never flexible.
/// Every version starts with an int16 version; later versions only append fields, so decoding reads
/// the fields it knows and ignores the rest (as the format intends).
public enum ConsumerProtocol {
    public struct Subscription: Equatable, Sendable {
        public var topics: [String]
        public var userData: [UInt8]?
        /// Version 1+: partitions the member owns now (empty for an eager assignor like range).
        public var ownedPartitions: [TopicPartition]

        public init(topics: [String], userData: [UInt8]? = nil, ownedPartitions: [TopicPartition] = []) {
            self.topics = topics
            self.userData = userData
            self.ownedPartitions = ownedPartitions
        }

        /// Version 0 or 1.
        public func encoded(version: Int16 = 1) -> [UInt8] {
            var w = ByteWriter(capacity: 64)
            w.writeInt16(version)
            w.writeArrayCount(topics.count, flexible: false)
            for t in topics { w.writeString(t, flexible: false) }
            w.writeNullableBytes(userData, flexible: false)
            if version >= 1 { ConsumerProtocol.write(ownedPartitions, into: &w) }
            return w.bytes
        }

        public init(decoding bytes: [UInt8]) throws {
            var r = ByteReader(bytes)
            let version = try r.readInt16()
            guard version >= 0 else { throw WireError("subscription version \(version)") }
            let count = try r.readNonNullArrayCount(flexible: false)
            var topics: [String] = []
            for _ in 0..<count { topics.append(try r.readString(flexible: false)) }
            let userData = try r.readNullableBytes(flexible: false).map(Array.init)
            let owned = version >= 1 && !r.isAtEnd ? try ConsumerProtocol.readPartitions(&r) : []
            self.init(topics: topics, userData: userData, ownedPartitions: owned)
        }
    }

    public struct Assignment: Equatable, Sendable {
        public var partitions: [TopicPartition]
        public var userData: [UInt8]?

        public init(partitions: [TopicPartition], userData: [UInt8]? = nil) {
            self.partitions = partitions
            self.userData = userData
        }

        /// Versions 0-3 share this layout. Partitions are grouped by topic in first-seen order.
        public func encoded(version: Int16 = 1) -> [UInt8] {
            var w = ByteWriter(capacity: 64)
            w.writeInt16(version)
            ConsumerProtocol.write(partitions, into: &w)
            w.writeNullableBytes(userData, flexible: false)
            return w.bytes
        }

        /// An empty byte string is an empty assignment (what a coordinator hands a member the leader left out).
        public init(decoding bytes: [UInt8]) throws {
            guard !bytes.isEmpty else { self.init(partitions: []); return }
            var r = ByteReader(bytes)
            let version = try r.readInt16()
            guard version >= 0 else { throw WireError("assignment version \(version)") }
            let partitions = try ConsumerProtocol.readPartitions(&r)
            let userData = r.isAtEnd ? nil : try r.readNullableBytes(flexible: false).map(Array.init)
            self.init(partitions: partitions, userData: userData)
        }
    }

    /// [topic string, partitions [int32]], grouped by topic in first-seen order.
    static func write(_ partitions: [TopicPartition], into w: inout ByteWriter) {
        var order: [String] = []
        var byTopic: [String: [Int32]] = [:]
        for tp in partitions {
            if byTopic[tp.topic] == nil { order.append(tp.topic) }
            byTopic[tp.topic, default: []].append(tp.partition)
        }
        w.writeArrayCount(order.count, flexible: false)
        for topic in order {
            w.writeString(topic, flexible: false)
            let parts = byTopic[topic]!
            w.writeArrayCount(parts.count, flexible: false)
            for p in parts { w.writeInt32(p) }
        }
    }

    static func readPartitions(_ r: inout ByteReader) throws -> [TopicPartition] {
        var out: [TopicPartition] = []
        let topicCount = try r.readNonNullArrayCount(flexible: false)
        for _ in 0..<topicCount {
            let topic = try r.readString(flexible: false)
            let count = try r.readNonNullArrayCount(flexible: false)
            for _ in 0..<count { out.append(TopicPartition(topic, try r.readInt32())) }
        }
        return out
    }
}
