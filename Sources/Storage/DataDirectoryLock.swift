import Glibc

/// An exclusive lock on a data directory (`<data>/.lock`, as Kafka's), held for the life of the process
/// that opened the directory. Two brokers on one directory would both append at the same offsets and
/// overwrite each other's acknowledged data; the second one must refuse to start instead.
/// `flock` locks vanish when the process dies, so a crash never leaves a stale lock behind.
public final class DataDirectoryLock: @unchecked Sendable {
    public let path: String
    private var fd: Int32

    public init(directory: String) throws {
        path = directory + "/.lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StorageError.io(op: "open \(path)", errno: errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK { throw StorageError.directoryInUse(directory) }
            throw StorageError.io(op: "flock \(path)", errno: code)
        }
    }

    public func release() {
        guard fd >= 0 else { return }
        close(fd)          // closing the descriptor drops the flock
        fd = -1
    }

    deinit { release() }
}
