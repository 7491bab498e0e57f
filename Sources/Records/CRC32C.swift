import CRC32C

/// CRC-32C (Castagnoli), the checksum of record batches (magic 2). Backed by the C target, which
/// uses the SSE4.2 instruction when the CPU has it.
public enum CRC32C {
    /// The checksum of `bytes`, continuing from `crc` (0 starts a new checksum), so that
    /// `checksum(b, continuing: checksum(a)) == checksum(a + b)`.
    public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
        return ringlog_crc32c(crc, base, bytes.count)
    }

    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }

    /// The table-driven path alone, so tests can compare it with the SSE4.2 path.
    static func portableChecksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
        return ringlog_crc32c_portable(crc, base, bytes.count)
    }

    static var usesHardware: Bool { ringlog_crc32c_hardware_available() != 0 }
}
