/// Splits a buffer of concatenated batches into the ranges of its whole batches.
public enum RecordBatchScanner {
    /// Stops at a trailing partial batch, or at a length field too small to be a batch (so a
    /// zeroed tail never loops). Checks lengths only; validate each range for more.
    public static func batches(in bytes: UnsafeRawBufferPointer) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var position = 0
        let minimumBatchLength = RecordBatchHeader.byteCount - RecordBatchHeader.logOverhead
        while bytes.count - position >= RecordBatchHeader.logOverhead {
            let batchLength = Int(bytes.loadBigEndian(at: position + RecordBatchHeader.Field.batchLength, as: Int32.self))
            guard batchLength >= minimumBatchLength else { break }
            let end = position + RecordBatchHeader.logOverhead + batchLength
            guard end <= bytes.count else { break }
            ranges.append(position..<end)
            position = end
        }
        return ranges
    }
}
