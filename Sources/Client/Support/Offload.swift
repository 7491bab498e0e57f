import Dispatch

/// The client's protocol logic is written as plain blocking code over blocking sockets (easy to read,
/// one request at a time per connection); the public async API runs it on this queue. Custom queues
/// get a fresh thread when the ones they have are blocked, so a long-polling Fetch never starves a commit.
let blockingWorkQueue = DispatchQueue(label: "ringlog.client.blocking", attributes: .concurrent)

/// Runs blocking work off the caller's task and resumes it with the result.
func offload<T>(_ work: @escaping () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
        blockingWorkQueue.async { continuation.resume(with: Result { try work() }) }
    }
}

/// Milliseconds on a monotonic clock, for deadlines.
func monotonicMs() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
}

/// Milliseconds since the Unix epoch, for record timestamps.
func wallClockMs() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
}

func sleepMs(_ ms: Int) {
    guard ms > 0 else { return }
    usleep(useconds_t(ms) * 1000)
}

import Glibc
