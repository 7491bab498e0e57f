import Records

/// Reads batches of one segment file through a reusable buffer, so walking many small batch
/// headers costs one pread per chunk instead of one per batch.
final class BatchReader {
    /// Bytes read per pread when walking headers.
    static let chunkBytes = 64 * 1024
    private let fd: Int32
    /// Bytes of the file that hold committed batches; nothing at or beyond is read.
    let end: Int
    private var buffer: UnsafeMutableRawBufferPointer
    private var bufferStart = 0
    private var bufferCount = 0

    init(fd: Int32, end: Int) {
        self.fd = fd
        self.end = end
        buffer = .allocate(byteCount: Self.chunkBytes, alignment: 8)
    }

    deinit { buffer.deallocate() }

    /// The header of the batch at `position`, or nil when fewer than a header's bytes remain.
    func header(at position: Int) throws -> RecordBatchHeader? {
        guard let bytes = try bytes(at: position, count: RecordBatchHeader.byteCount) else { return nil }
        return try? RecordBatchHeader(parsing: bytes)
    }

    /// `count` bytes at `position` (valid until the next call), or nil if they pass `end`.
    func bytes(at position: Int, count: Int) throws -> UnsafeRawBufferPointer? {
        guard position >= 0, count >= 0, position + count <= end else { return nil }
        if position < bufferStart || position + count > bufferStart + bufferCount {
            if count > buffer.count {
                buffer.deallocate()
                buffer = .allocate(byteCount: count, alignment: 8)
            }
            let wanted = min(buffer.count, end - position)
            bufferStart = position
            bufferCount = try FileIO.pread(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<wanted]), at: position)
            guard bufferCount >= count else { return nil }
        }
        let from = position - bufferStart
        return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[from..<from + count])
    }
}
