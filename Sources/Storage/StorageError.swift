import Records

public enum StorageError: Error, Equatable {
    /// The batch failed validation; nothing was written.
    case batch(RecordBatchError)
    /// The batch's size in bytes is over max.message.bytes.
    case messageTooLarge(Int)
    case offsetOutOfRange(requested: Int64, logStart: Int64, logEnd: Int64)
    /// A system call failed: its name and errno.
    case io(op: String, errno: Int32)
    case unknownTopic(String)
    case topicExists(String)
    case invalidTopic(String)
    /// A topic or log config has a value out of range or unparsable: the key.
    case invalidConfig(String)
    case invalidPartitionCount(Int)
    /// The log (or store) was closed.
    case closed
}
