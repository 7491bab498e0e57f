/// Kafka's default key partitioner: `(murmur2(key) & 0x7fffffff) % partitionCount`.
/// Cheap and even, but adding one partition remaps almost every key (n/(n+1) of them): see `ConsistentHashRing`.
public struct ModuloPartitioner: Sendable, Equatable {
    public let partitionCount: Int

    public init(partitionCount: Int) {
        precondition(partitionCount > 0, "a topic has at least one partition")
        self.partitionCount = partitionCount
    }

    /// The partition for `key`.
    public func partition<Bytes: Collection>(forKey key: Bytes) -> Int where Bytes.Element == UInt8 {
        Int(Murmur2.hash(key) & 0x7fff_ffff) % partitionCount
    }
}
