import Glibc

/// Event counts per second over a fixed window, with moving averages. Not thread-safe (see `RateMeter`).
///
/// Time is split into whole seconds of the clock. The current second accumulates; when time moves on it
/// is closed into a ring of the last `windowSeconds` per-second counts (fixed memory), and folded into an
/// exponentially weighted moving average. Only closed seconds enter rates, so a rate never reports half a
/// second as a full one.
public struct RateWindow: Sendable {
    private var closedSeconds: RingStorage<UInt64>
    private var currentSecond: UInt64?
    private var currentCount: UInt64 = 0
    /// Events since creation.
    public private(set) var total: UInt64 = 0
    /// Exponentially weighted moving average of events per second (nil before the first closed second).
    public private(set) var exponentialRatePerSecond: Double?
    private let smoothingFactor: Double

    /// - Parameters:
    ///   - windowSeconds: how many closed seconds are kept for `ratePerSecond(overLastSeconds:)`.
    ///   - smoothingSeconds: the EWMA time constant τ; each closed second moves the average 1 − e^(−1/τ) of
    ///     the way toward that second's count.
    public init(windowSeconds: Int = 60, smoothingSeconds: Double = 5) {
        closedSeconds = RingStorage(capacity: windowSeconds)
        smoothingFactor = 1 - exp(-1 / smoothingSeconds)
    }

    /// Counts `events` happening at `nowNanos`.
    public mutating func mark(_ events: UInt64 = 1, atNanos nowNanos: UInt64) {
        advance(toNanos: nowNanos)
        currentCount &+= events
        total &+= events
    }

    /// Closes every second that ended before `nowNanos` (gaps count as zero-event seconds).
    public mutating func advance(toNanos nowNanos: UInt64) {
        let second = nowNanos / Nanos.perSecond
        guard let current = currentSecond else {
            currentSecond = second
            return
        }
        guard second > current else { return }
        close(count: currentCount)
        // Empty seconds in between; more than a window of them is the same as a window of them.
        let gap = Swift.min(second - current - 1, UInt64(closedSeconds.capacity))
        for _ in 0..<gap { close(count: 0) }
        currentSecond = second
        currentCount = 0
    }

    private mutating func close(count: UInt64) {
        _ = closedSeconds.pushEvictingOldest(count)
        if let average = exponentialRatePerSecond {
            exponentialRatePerSecond = average + smoothingFactor * (Double(count) - average)
        } else {
            exponentialRatePerSecond = Double(count)
        }
    }

    /// Mean events per second over the last `seconds` closed seconds (fewer if fewer have closed).
    public func ratePerSecond(overLastSeconds seconds: Int) -> Double {
        let available = Swift.min(seconds, closedSeconds.count)
        guard available > 0 else { return 0 }
        var sum: UInt64 = 0
        for offset in (closedSeconds.count - available)..<closedSeconds.count { sum &+= closedSeconds[offset] }
        return Double(sum) / Double(available)
    }

    /// Events in the most recent closed second.
    public var lastSecondCount: UInt64 {
        closedSeconds.isEmpty ? 0 : closedSeconds[closedSeconds.count - 1]
    }

    /// Closed per-second counts, oldest first.
    public var perSecondCounts: [UInt64] { closedSeconds.elements }
}
