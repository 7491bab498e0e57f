import Synchronization

/// A thread-safe throughput meter: events per second over a window and an exponential moving average.
/// `mark` is a lock, a clock read and two additions; use one per stream being measured (messages in,
/// bytes out, ...). The counting itself lives in `RateWindow`.
public final class RateMeter: Sendable {
    private let window: Mutex<RateWindow>
    private let clock: any NanosecondClock

    /// - Parameters:
    ///   - windowSeconds: per-second history kept (fixed memory).
    ///   - smoothingSeconds: time constant of the exponential moving average.
    ///   - clock: time source; a `ManualClock` makes the meter deterministic.
    public init(windowSeconds: Int = 60, smoothingSeconds: Double = 5,
                clock: any NanosecondClock = MonotonicClock()) {
        window = Mutex(RateWindow(windowSeconds: windowSeconds, smoothingSeconds: smoothingSeconds))
        self.clock = clock
    }

    /// Counts `events` now.
    public func mark(_ events: UInt64 = 1) {
        let now = clock.nowNanos()
        window.withLock { $0.mark(events, atNanos: now) }
    }

    /// A copy of the window, brought up to the present.
    public func snapshot() -> RateWindow {
        let now = clock.nowNanos()
        return window.withLock {
            $0.advance(toNanos: now)
            return $0
        }
    }

    /// Events since creation.
    public var total: UInt64 { window.withLock { $0.total } }

    /// Mean events per second over the last `seconds` complete seconds.
    public func ratePerSecond(overLastSeconds seconds: Int) -> Double {
        snapshot().ratePerSecond(overLastSeconds: seconds)
    }

    /// The exponential moving average of events per second (0 before one second has passed).
    public var exponentialRatePerSecond: Double { snapshot().exponentialRatePerSecond ?? 0 }
}
