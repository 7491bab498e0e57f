/// Per-topic log settings, named after Kafka's topic configs.
public struct LogConfig: Equatable, Sendable {
    /// Positions in the offset index are u32, so a segment cannot exceed this.
    public static let segmentBytesMax = Int(Int32.max)

    /// `segment.bytes`: roll the active segment before it would grow past this.
    public var segmentBytes: Int = 1 << 30
    /// `index.interval.bytes`: log bytes between two offset index entries.
    public var indexIntervalBytes: Int = 4096
    /// `max.message.bytes`: the largest batch accepted.
    public var maxMessageBytes: Int = 1_048_588
    /// `segment.ms`: roll a non-empty active segment older than this; nil = only by size.
    public var segmentMs: Int64? = nil
    /// `retention.ms` (-1 = forever): closed segments whose newest record is older go.
    public var retentionMs: Int64 = 7 * 24 * 3_600_000
    /// `retention.bytes` (-1 = unlimited): oldest closed segments go while the log is larger.
    public var retentionBytes: Int64 = -1
    /// `cleanup.policy`: "delete", "compact" or both ("compact,delete").
    public var cleanupPolicy: String = "delete"
    /// `delete.retention.ms`: how long a tombstone outlives its segment's newest record in a compacted log.
    public var deleteRetentionMs: Int64 = 86_400_000
    /// `min.cleanable.dirty.ratio`: clean once this share of the cleanable bytes is uncleaned.
    public var minCleanableDirtyRatio: Double = 0.5
    /// `min.compaction.lag.ms`: segments with records younger than this are not cleaned yet.
    public var minCompactionLagMs: Int64 = 0
    /// `message.timestamp.type=LogAppendTime`: the broker stamps its clock into each batch.
    public var usesLogAppendTime: Bool = false

    public init(segmentBytes: Int = 1 << 30, indexIntervalBytes: Int = 4096, maxMessageBytes: Int = 1_048_588,
                segmentMs: Int64? = nil, retentionMs: Int64 = 7 * 24 * 3_600_000, retentionBytes: Int64 = -1,
                cleanupPolicy: String = "delete", usesLogAppendTime: Bool = false) {
        self.segmentBytes = segmentBytes
        self.indexIntervalBytes = indexIntervalBytes
        self.maxMessageBytes = maxMessageBytes
        self.segmentMs = segmentMs
        self.retentionMs = retentionMs
        self.retentionBytes = retentionBytes
        self.cleanupPolicy = cleanupPolicy
        self.usesLogAppendTime = usesLogAppendTime
    }

    /// `defaults` overridden by the topic's configs (Kafka names). Keys this type does not know are
    /// ignored here (the broker decides whether to accept them); known keys with bad values throw.
    public init(topicConfigs: [String: String], defaults: LogConfig) throws {
        self = defaults
        for (key, value) in topicConfigs {
            switch key {
            case "segment.bytes":
                segmentBytes = try Self.integer(value, key: key, in: 1...Int64(Self.segmentBytesMax)).asInt
            case "index.interval.bytes":
                indexIntervalBytes = try Self.integer(value, key: key, in: 0...Int64(Int32.max)).asInt
            case "max.message.bytes":
                maxMessageBytes = try Self.integer(value, key: key, in: 0...Int64(Int32.max)).asInt
            case "segment.ms":
                segmentMs = try Self.integer(value, key: key, in: 1...Int64.max)
            case "retention.ms":
                retentionMs = try Self.integer(value, key: key, in: -1...Int64.max)
            case "retention.bytes":
                retentionBytes = try Self.integer(value, key: key, in: -1...Int64.max)
            case "cleanup.policy":
                let policies = value.split(separator: ",").map { $0.trimmingSpaces }
                guard !policies.isEmpty, policies.allSatisfy({ $0 == "delete" || $0 == "compact" }) else {
                    throw StorageError.invalidConfig(key)
                }
                cleanupPolicy = value
            case "delete.retention.ms":
                deleteRetentionMs = try Self.integer(value, key: key, in: 0...Int64.max)
            case "min.compaction.lag.ms":
                minCompactionLagMs = try Self.integer(value, key: key, in: 0...Int64.max)
            case "min.cleanable.dirty.ratio":
                guard let ratio = Double(value), ratio >= 0, ratio <= 1 else { throw StorageError.invalidConfig(key) }
                minCleanableDirtyRatio = ratio
            case "message.timestamp.type":
                switch value {
                case "CreateTime": usesLogAppendTime = false
                case "LogAppendTime": usesLogAppendTime = true
                default: throw StorageError.invalidConfig(key)
                }
            default:
                continue
            }
        }
    }

    private static func integer(_ text: String, key: String, in range: ClosedRange<Int64>) throws -> Int64 {
        guard let value = Int64(text), range.contains(value) else { throw StorageError.invalidConfig(key) }
        return value
    }
}

private extension Int64 {
    var asInt: Int { Int(self) }
}

private extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
