/// Kafka's murmur2 (Java `Utils.murmur2`): 32-bit wrap-around arithmetic, seed 0x9747b28c,
/// little-endian 4-byte blocks. Flow has its own copy on the `flow` branch; this one keeps the client
/// free of it until that lands on main.
public enum Murmur2 {
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        let m: UInt32 = 0x5bd1_e995
        let r: UInt32 = 24
        let length = bytes.count
        var h: UInt32 = 0x9747_b28c ^ UInt32(truncatingIfNeeded: length)
        let blocks = length / 4
        for i in 0..<blocks {
            let o = i * 4
            var k = UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24
            k = k &* m
            k ^= k >> r
            k = k &* m
            h = h &* m
            h ^= k
        }
        let tail = blocks * 4
        switch length - tail {
        case 3:
            h ^= UInt32(bytes[tail + 2]) << 16
            fallthrough
        case 2:
            h ^= UInt32(bytes[tail + 1]) << 8
            fallthrough
        case 1:
            h ^= UInt32(bytes[tail])
            h = h &* m
        default:
            break
        }
        h ^= h >> 13
        h = h &* m
        h ^= h >> 15
        return Int32(bitPattern: h)
    }

    public static func hash(_ bytes: [UInt8]) -> Int32 { bytes.withUnsafeBytes { hash($0) } }

    /// The partition Java, kafka-python and librdkafka's `murmur2_random` choose for a key:
    /// `(murmur2(key) & 0x7fffffff) % partitionCount` (a mask, not abs()).
    public static func partition(forKey key: [UInt8], partitionCount: Int) -> Int32 {
        precondition(partitionCount > 0, "a topic has at least one partition")
        return Int32((Int(hash(key)) & 0x7fff_ffff) % partitionCount)
    }
}
