/// The broker's rewrites of a produced batch, done in place on the received bytes.
public enum RecordBatchPatcher {
    /// Not covered by the CRC, so no recomputation.
    public static func setBaseOffset(_ baseOffset: Int64, in batch: UnsafeMutableRawBufferPointer) {
        precondition(batch.count >= RecordBatchHeader.byteCount)
        batch.storeBigEndian(baseOffset, at: RecordBatchHeader.Field.baseOffset)
    }

    /// Not covered by the CRC, so no recomputation.
    public static func setPartitionLeaderEpoch(_ epoch: Int32, in batch: UnsafeMutableRawBufferPointer) {
        precondition(batch.count >= RecordBatchHeader.byteCount)
        batch.storeBigEndian(epoch, at: RecordBatchHeader.Field.partitionLeaderEpoch)
    }

    /// For topics with message.timestamp.type=LogAppendTime: sets attribute bit 3 and maxTimestamp,
    /// then recomputes the CRC (both fields are covered by it). `batch` must be one whole batch.
    public static func setLogAppendTime(_ timestampMs: Int64, in batch: UnsafeMutableRawBufferPointer) {
        precondition(batch.count >= RecordBatchHeader.byteCount)
        let attributes = UnsafeRawBufferPointer(batch).loadBigEndian(
            at: RecordBatchHeader.Field.attributes, as: Int16.self)
        batch.storeBigEndian(attributes | RecordBatchHeader.Attribute.logAppendTime,
                             at: RecordBatchHeader.Field.attributes)
        batch.storeBigEndian(timestampMs, at: RecordBatchHeader.Field.maxTimestamp)
        recomputeCRC(in: batch)
    }

    public static func recomputeCRC(in batch: UnsafeMutableRawBufferPointer) {
        let covered = UnsafeRawBufferPointer(rebasing: batch[RecordBatchHeader.Field.crcCoveredStart...])
        batch.storeBigEndian(CRC32C.checksum(covered), at: RecordBatchHeader.Field.crc)
    }
}
