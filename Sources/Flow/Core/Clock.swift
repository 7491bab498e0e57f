import Glibc
import Synchronization

/// A source of monotonic time in nanoseconds. Flow types take a clock so that the same code runs on the
/// wall clock in production and on a simulated clock in tests and demos (deterministic, instant).
public protocol NanosecondClock: Sendable {
    /// Nanoseconds since an arbitrary, fixed origin; never goes backwards.
    func nowNanos() -> UInt64
}

/// The operating system's monotonic clock (`CLOCK_MONOTONIC`, a vDSO call: about 20 ns).
public struct MonotonicClock: NanosecondClock {
    public init() {}

    public func nowNanos() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }
}

/// A clock that moves only when told to: simulations and tests advance it explicitly.
public final class ManualClock: NanosecondClock {
    private let nanos: Atomic<UInt64>

    public init(startNanos: UInt64 = 0) {
        nanos = Atomic(startNanos)
    }

    public func nowNanos() -> UInt64 { nanos.load(ordering: .acquiring) }

    /// Moves the clock forward by `deltaNanos`.
    public func advance(byNanos deltaNanos: UInt64) {
        nanos.add(deltaNanos, ordering: .acquiringAndReleasing)
    }

    /// Sets the clock; `newNanos` must not be earlier than the current time.
    public func set(toNanos newNanos: UInt64) {
        precondition(newNanos >= nowNanos(), "a monotonic clock cannot go backwards")
        nanos.store(newNanos, ordering: .releasing)
    }
}

/// Unit conversions kept in one place so every bound can carry its unit in its name.
public enum Nanos {
    public static let perMicrosecond: UInt64 = 1_000
    public static let perMillisecond: UInt64 = 1_000_000
    public static let perSecond: UInt64 = 1_000_000_000
}
