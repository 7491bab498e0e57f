/// A `LatencyHistogram` that any number of threads may record into (the broker's request latency).
///
/// One mutex guards the histogram: an uncontended record costs the histogram's few nanoseconds plus a
/// lock/unlock pair (about 20 ns; see BENCHMARKS). Readers take a `snapshot()` copy and compute percentiles
/// outside the lock. If contention ever shows up in a profile, give each thread its own `LatencyHistogram`
/// and `merge` them when reporting.
public final class SharedLatencyHistogram: @unchecked Sendable {
    // @unchecked: `histogram` is only touched with `monitor` locked.
    private let monitor = Monitor()
    private var histogram = LatencyHistogram()

    public init() {}

    /// Records one value; safe from any thread.
    @inline(__always)
    public func record(valueNanos value: UInt64) {
        monitor.withLock { histogram.record(valueNanos: value) }
    }

    /// A copy of everything recorded so far.
    public func snapshot() -> LatencyHistogram {
        monitor.withLock { histogram }
    }

    /// Returns what was recorded and starts over (interval reporting).
    public func snapshotAndReset() -> LatencyHistogram {
        monitor.withLock {
            let copy = histogram
            histogram.reset()
            return copy
        }
    }
}
