import Glibc

/// A read-only descriptor of one segment's log file. Readers hold it, so the file stays readable
/// (for pread and sendfile) even if the segment is deleted while a response is being sent.
public final class SegmentFile: @unchecked Sendable {
    public let fd: Int32
    public let path: String

    init(path: String) throws {
        self.path = path
        self.fd = try FileIO.open(path, flags: O_RDONLY)
    }

    deinit { close(fd) }
}

/// A byte range of a segment file holding whole batches.
public struct LogSlice: Sendable {
    public let file: SegmentFile
    public let position: Int64
    public let byteCount: Int
}

public struct LogReadResult: Sendable {
    public var slices: [LogSlice]
    public var byteCount: Int
    public var highWatermark: Int64
    public var logStartOffset: Int64

    /// Copies the slices' bytes (tests, the CLI and embedded use; the broker sends slices with sendfile).
    public func bytes() throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: byteCount)
        var at = 0
        try out.withUnsafeMutableBytes { buffer in
            for slice in slices {
                let target = UnsafeMutableRawBufferPointer(rebasing: buffer[at..<at + slice.byteCount])
                let n = try FileIO.pread(slice.file.fd, into: target, at: Int(slice.position))
                guard n == slice.byteCount else { throw StorageError.io(op: "pread (short)", errno: EIO) }
                at += slice.byteCount
            }
        }
        return out
    }
}

public struct AppendResult: Equatable, Sendable {
    public var baseOffset: Int64
    public var lastOffset: Int64
    /// -1 unless the topic uses LogAppendTime.
    public var logAppendTimeMs: Int64
}
