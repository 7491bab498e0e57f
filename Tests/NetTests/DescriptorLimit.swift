import Glibc
import XCTest

/// Runs `body` with the soft RLIMIT_NOFILE lowered so that only `headroom` descriptor numbers are
/// free, and restores the limit after. Lowering it for the whole test runner would be risky; this
/// keeps it to one test and to a few descriptors.
func withDescriptorHeadroom<R>(_ headroom: Int, _ body: () throws -> R) throws -> R {
    var original = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &original) == 0 else {
        throw XCTSkip("getrlimit failed: errno \(errno)")
    }
    // New descriptors take the lowest free number, so the limit is where `headroom` free numbers end.
    var free = 0
    var limit = 0
    while free < headroom {
        if fcntl(Int32(limit), F_GETFD) == -1 { free += 1 }
        limit += 1
    }
    guard rlim_t(limit) <= original.rlim_cur else { throw XCTSkip("descriptor limit already below \(limit)") }
    var lowered = original
    lowered.rlim_cur = rlim_t(limit)
    guard setrlimit(Int32(RLIMIT_NOFILE.rawValue), &lowered) == 0 else {
        throw XCTSkip("setrlimit failed: errno \(errno)")
    }
    defer { setrlimit(Int32(RLIMIT_NOFILE.rawValue), &original) }
    return try body()
}

/// Descriptors on /dev/null opened until the process has none left (EMFILE); closes them on demand.
final class DescriptorFiller {
    /// Far above any headroom a test asks for: the loop must end even if the limit did not apply.
    static let descriptorsMax = 1000
    private(set) var fds: [Int32] = []
    private(set) var lastErrno: Int32 = 0

    init() {
        while fds.count < Self.descriptorsMax {
            let fd = open("/dev/null", O_RDONLY | O_CLOEXEC)
            if fd < 0 {
                lastErrno = errno
                return
            }
            fds.append(fd)
        }
    }

    func closeAll() {
        for fd in fds { close(fd) }
        fds = []
    }

    deinit { closeAll() }
}
