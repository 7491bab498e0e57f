import Synchronization

/// A `LatencyHistogram` that any number of threads may record into (the broker's request latency).
///
/// One `Mutex` guards the histogram: an uncontended record costs the histogram's few nanoseconds plus a
/// lock/unlock pair (about 20 ns; see BENCHMARKS). Readers take a `snapshot()` copy and compute percentiles
/// outside the lock. If contention ever shows up in a profile, give each thread its own `LatencyHistogram`
/// and `merge` them when reporting.
public final class SharedLatencyHistogram: Sendable {
    private let histogram = Mutex(LatencyHistogram())

    public init() {}

    /// Records one value; safe from any thread.
    @inline(__always)
    public func record(valueNanos value: UInt64) {
        histogram.withLock { $0.record(valueNanos: value) }
    }

    /// A copy of everything recorded so far.
    public func snapshot() -> LatencyHistogram {
        histogram.withLock { $0 }
    }

    /// Returns what was recorded and starts over (interval reporting).
    public func snapshotAndReset() -> LatencyHistogram {
        histogram.withLock { current in
            let copy = current
            current.reset()
            return copy
        }
    }
}
