import Glibc
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
    /// Another process holds the data directory's lock.
    case directoryInUse(String)
}

extension StorageError: CustomStringConvertible {
    /// Words a user can act on; errno values become their system message.
    public var description: String {
        switch self {
        case .batch(let error): return "invalid record batch: \(error)"
        case .messageTooLarge(let size): return "record batch of \(size) bytes is larger than max.message.bytes"
        case .offsetOutOfRange(let requested, let logStart, let logEnd):
            return "offset \(requested) is outside the log [\(logStart), \(logEnd)]"
        case .io(let op, let code): return "\(op): \(String(cString: strerror(code)))"
        case .unknownTopic(let name): return "topic '\(name)' does not exist"
        case .topicExists(let name): return "topic '\(name)' already exists"
        case .invalidTopic(let reason): return reason
        case .invalidConfig(let key): return "invalid value for config \(key)"
        case .invalidPartitionCount(let count): return "invalid number of partitions: \(count)"
        case .closed: return "the log is closed"
        case .directoryInUse(let directory):
            return "data directory \(directory) is in use by another process (its .lock is held); stop that broker or choose another --data"
        }
    }
}
