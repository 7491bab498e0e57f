/// A thread-safe throughput meter: events per second over a window and an exponential moving average.
/// `mark` is a clock read, a lock and two additions; use one per stream being measured (messages in,
/// bytes out, ...). The counting itself lives in `RateWindow`.
public final class RateMeter: @unchecked Sendable {
    // @unchecked: `window` is only touched with `monitor` locked.
    private let monitor = Monitor()
    private var window: RateWindow
    private let clock: any NanosecondClock

    /// - Parameters:
    ///   - windowSeconds: per-second history kept (fixed memory).
    ///   - smoothingSeconds: time constant of the exponential moving average.
    ///   - clock: time source; a `ManualClock` makes the meter deterministic.
    public init(windowSeconds: Int = 60, smoothingSeconds: Double = 5,
                clock: any NanosecondClock = MonotonicClock()) {
        window = RateWindow(windowSeconds: windowSeconds, smoothingSeconds: smoothingSeconds)
        self.clock = clock
    }

    /// Counts `events` now.
    public func mark(_ events: UInt64 = 1) {
        let now = clock.nowNanos()
        monitor.withLock { window.mark(events, atNanos: now) }
    }

    /// A copy of the window, brought up to the present.
    public func snapshot() -> RateWindow {
        let now = clock.nowNanos()
        return monitor.withLock {
            window.advance(toNanos: now)
            return window
        }
    }

    /// Events since creation.
    public var total: UInt64 { monitor.withLock { window.total } }

    /// Mean events per second over the last `seconds` complete seconds.
    public func ratePerSecond(overLastSeconds seconds: Int) -> Double {
        snapshot().ratePerSecond(overLastSeconds: seconds)
    }

    /// The exponential moving average of events per second (0 before one second has passed).
    public var exponentialRatePerSecond: Double { snapshot().exponentialRatePerSecond ?? 0 }
}
