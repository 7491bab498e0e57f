import Glibc
import Records

/// The partition's log start offset when DeleteRecords moved it inside the first segment, in
/// `log-start-offset`: 8 bytes (big-endian offset) plus their CRC-32C, written atomically (temp file,
/// fsync, rename) so a crash leaves the old or the new value. Missing or damaged: the first segment's base.
enum LogStartOffset {
    static let fileName = "log-start-offset"

    static func read(directory: String, segments: [LogSegment]) -> Int64 {
        let first = segments.first!.baseOffset
        let end = segments.last!.nextOffset
        guard let fd = try? FileIO.open(directory + "/" + fileName, flags: O_RDONLY) else { return first }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 12)
        let n = (try? bytes.withUnsafeMutableBytes { try FileIO.pread(fd, into: $0, at: 0) }) ?? 0
        guard n == 12 else { return first }
        let stored = bytes.withUnsafeBytes { UInt32(bigEndian: $0.loadUnaligned(fromByteOffset: 8, as: UInt32.self)) }
        guard CRC32C.checksum(Array(bytes[0..<8])) == stored else { return first }
        let offset = bytes.withUnsafeBytes { Int64(bigEndian: $0.loadUnaligned(fromByteOffset: 0, as: Int64.self)) }
        // A recovered (truncated) tail may end before the stored start: never start past the end.
        return min(max(offset, first), end)
    }

    static func write(_ offset: Int64, directory: String) throws {
        var bytes: [UInt8] = []
        withUnsafeBytes(of: offset.bigEndian) { bytes.append(contentsOf: $0) }
        let crc = CRC32C.checksum(bytes)
        withUnsafeBytes(of: crc.bigEndian) { bytes.append(contentsOf: $0) }
        let final = directory + "/" + fileName
        let temporary = final + ".tmp"
        let fd = try FileIO.open(temporary, flags: O_WRONLY | O_CREAT | O_TRUNC)
        do {
            try bytes.withUnsafeBytes { try FileIO.pwrite(fd, $0, at: 0) }
            try FileIO.fsync(fd)
            close(fd)
        } catch {
            close(fd)
            throw error
        }
        guard rename(temporary, final) == 0 else { throw StorageError.io(op: "rename \(temporary)", errno: errno) }
        try FileIO.syncDirectory(directory)
    }
}
