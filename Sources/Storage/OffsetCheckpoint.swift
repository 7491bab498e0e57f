import Glibc
import Records

/// A partition-level offset kept in a small file: 8 bytes (big-endian offset) plus their CRC-32C.
/// Used for the recovery point, the log start offset and the cleaner's progress. A torn or missing
/// file reads as nil, so each user picks a safe fallback.
struct OffsetCheckpoint {
    static let byteCount = 12
    let path: String

    init(directory: String, fileName: String) {
        path = directory + "/" + fileName
    }

    func read() -> Int64? {
        guard let fd = try? FileIO.open(path, flags: O_RDONLY) else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: Self.byteCount)
        let n = (try? bytes.withUnsafeMutableBytes { try FileIO.pread(fd, into: $0, at: 0) }) ?? 0
        guard n == Self.byteCount else { return nil }
        let stored = bytes.withUnsafeBytes { UInt32(bigEndian: $0.loadUnaligned(fromByteOffset: 8, as: UInt32.self)) }
        guard CRC32C.checksum(Array(bytes[0..<8])) == stored else { return nil }
        return bytes.withUnsafeBytes { Int64(bigEndian: $0.loadUnaligned(fromByteOffset: 0, as: Int64.self)) }
    }

    /// Overwrites the 12 bytes in place (no new blocks needed, so it works on a full disk);
    /// `durably` adds an fdatasync for values that later deletions rely on.
    func write(_ offset: Int64, durably: Bool = false) throws {
        var bytes: [UInt8] = []
        withUnsafeBytes(of: offset.bigEndian) { bytes.append(contentsOf: $0) }
        let crc = CRC32C.checksum(bytes)
        withUnsafeBytes(of: crc.bigEndian) { bytes.append(contentsOf: $0) }
        let fd = try FileIO.open(path, flags: O_WRONLY | O_CREAT)
        defer { close(fd) }
        try bytes.withUnsafeBytes { try FileIO.pwrite(fd, $0, at: 0) }
        if durably { try FileIO.fdatasync(fd) }
    }
}
