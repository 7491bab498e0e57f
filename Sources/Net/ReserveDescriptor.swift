import Glibc

/// One file descriptor held back (on /dev/null) so the acceptor can still take a connection off the
/// backlog when the process runs out of descriptors: release it, accept, close the connection at
/// once, reacquire. The client then sees a closed connection instead of waiting behind the backlog.
/// Owned by the accepting reactor's thread.
struct ReserveDescriptor {
    private(set) var fd: Int32 = -1

    var isHeld: Bool { fd >= 0 }

    /// Opens the reserve if it is not held; false if that failed (descriptors are still short, or
    /// another thread took the one we released).
    @discardableResult
    mutating func acquire() -> Bool {
        if fd < 0 { fd = open("/dev/null", O_RDONLY | O_CLOEXEC) }
        return fd >= 0
    }

    /// Closes the reserve so its number is free for one accept; false if none was held.
    mutating func release() -> Bool {
        guard fd >= 0 else { return false }
        Glibc.close(fd)
        fd = -1
        return true
    }
}
