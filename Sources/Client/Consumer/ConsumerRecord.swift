import Records

/// One record as the consumer hands it out.
public struct ConsumerRecord: Equatable, Sendable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    /// Milliseconds since the epoch (create time, or log append time if the topic says so).
    public var timestamp: Int64
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [RecordHeader]
}
