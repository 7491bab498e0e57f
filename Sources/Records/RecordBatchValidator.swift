/// Checks a record batch before it is written, and again when recovery reads it back.
public enum RecordBatchValidator {
    /// Validates ONE complete batch occupying exactly `bytes`: the length field matches, magic is 2,
    /// the CRC-32C over attributes..end matches, lastOffsetDelta == recordCount - 1 (for a
    /// non-empty batch), and the codec is known. Control batches are refused unless
    /// `allowControlBatches` (only the broker itself writes transaction markers).
    /// `allowsOffsetGaps`: a batch rewritten by compaction keeps its records' offset deltas, so
    /// lastOffsetDelta may exceed recordCount - 1 (for stored batches; never from a client).
    public static func validate(
        _ bytes: UnsafeRawBufferPointer, allowControlBatches: Bool = true, allowsOffsetGaps: Bool = false
    ) throws(RecordBatchError) -> RecordBatchHeader {
        let header = try RecordBatchHeader(parsing: bytes)
        guard header.batchLength >= RecordBatchHeader.byteCount - RecordBatchHeader.logOverhead else {
            throw .invalidLength
        }
        guard header.totalByteCount <= bytes.count else { throw .truncated }
        guard header.totalByteCount == bytes.count else { throw .invalidLength }
        guard header.magic == 2 else { throw .unsupportedMagic(header.magic) }
        let covered = UnsafeRawBufferPointer(rebasing: bytes[RecordBatchHeader.Field.crcCoveredStart...])
        let actual = CRC32C.checksum(covered)
        guard actual == header.crc else { throw .crcMismatch(expected: header.crc, actual: actual) }
        guard header.compression != nil else { throw .invalidCompression }
        guard header.recordCount >= 0, header.lastOffsetDelta >= 0 else { throw .inconsistentRecordCount }
        let consistent = allowsOffsetGaps ? header.lastOffsetDelta >= header.recordCount - 1
                                          : header.lastOffsetDelta == header.recordCount - 1
        if header.recordCount > 0 && !consistent {
            throw .inconsistentRecordCount
        }
        if header.isControl && !allowControlBatches { throw .controlBatchFromClient }
        return header
    }
}
