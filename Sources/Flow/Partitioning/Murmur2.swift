/// Kafka's key hash: 32-bit MurmurHash2 with seed 0x9747b28c, as the Java client's default partitioner
/// computes it, so keyed records land on the same partitions as with any Kafka client.
public enum Murmur2 {
    static let seed: UInt32 = 0x9747_b28c
    static let multiplier: UInt32 = 0x5bd1_e995

    /// The hash of `bytes` (read the result as `Int32` to compare with Java).
    public static func hash<Bytes: Collection>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var h = seed ^ UInt32(truncatingIfNeeded: bytes.count)
        var index = bytes.startIndex
        var remaining = bytes.count
        while remaining >= 4 {
            var k = UInt32(bytes[index])
            k |= UInt32(bytes[bytes.index(index, offsetBy: 1)]) << 8
            k |= UInt32(bytes[bytes.index(index, offsetBy: 2)]) << 16
            k |= UInt32(bytes[bytes.index(index, offsetBy: 3)]) << 24
            k &*= multiplier
            k ^= k >> 24
            k &*= multiplier
            h &*= multiplier
            h ^= k
            index = bytes.index(index, offsetBy: 4)
            remaining -= 4
        }
        if remaining == 3 { h ^= UInt32(bytes[bytes.index(index, offsetBy: 2)]) << 16 }
        if remaining >= 2 { h ^= UInt32(bytes[bytes.index(index, offsetBy: 1)]) << 8 }
        if remaining >= 1 {
            h ^= UInt32(bytes[index])
            h &*= multiplier
        }
        h ^= h >> 13
        h &*= multiplier
        h ^= h >> 15
        return h
    }
}
