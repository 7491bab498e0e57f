import Glibc
import Records

/// The partition's recovery point: segments whose base offset is below it were fully synced, so
/// start-up trusts them and checks only the later ones. Stored as 8 bytes (big-endian offset) plus
/// their CRC-32C; a lost or torn write only makes the next recovery scan more.
enum RecoveryPoint {
    static let fileName = "recovery-point"

    static func read(directory: String) -> Int64 {
        guard let fd = try? FileIO.open(directory + "/" + fileName, flags: O_RDONLY) else { return 0 }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 12)
        let n = (try? bytes.withUnsafeMutableBytes { try FileIO.pread(fd, into: $0, at: 0) }) ?? 0
        guard n == 12 else { return 0 }
        let stored = bytes.withUnsafeBytes { UInt32(bigEndian: $0.loadUnaligned(fromByteOffset: 8, as: UInt32.self)) }
        guard CRC32C.checksum(Array(bytes[0..<8])) == stored else { return 0 }
        return bytes.withUnsafeBytes { Int64(bigEndian: $0.loadUnaligned(fromByteOffset: 0, as: Int64.self)) }
    }

    static func write(_ offset: Int64, directory: String) throws {
        var bytes: [UInt8] = []
        withUnsafeBytes(of: offset.bigEndian) { bytes.append(contentsOf: $0) }
        let crc = CRC32C.checksum(bytes)
        withUnsafeBytes(of: crc.bigEndian) { bytes.append(contentsOf: $0) }
        let fd = try FileIO.open(directory + "/" + fileName, flags: O_WRONLY | O_CREAT)
        defer { close(fd) }
        try bytes.withUnsafeBytes { try FileIO.pwrite(fd, $0, at: 0) }
    }
}
