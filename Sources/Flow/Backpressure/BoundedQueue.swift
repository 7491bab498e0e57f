/// A bounded multi-producer, multi-consumer FIFO with a `BackpressurePolicy` and counters for every outcome.
///
/// Memory is fixed at creation (a `RingStorage` of `capacity` slots). Producers call `offer` (which waits
/// under `.block`) or `tryOffer` (which never waits); consumers call `take` (waits for data) or `tryTake`.
/// `close()` wakes every waiter: producers get `.closed`, consumers drain what is left and then get nil.
/// One mutex guards the state; waiting uses condition variables on the monotonic clock.
public final class BoundedQueue<Element>: @unchecked Sendable {
    // @unchecked: every mutable field is read and written with `monitor` locked.
    private let monitor = Monitor()
    private let notEmpty: Monitor.Condition
    private let notFull: Monitor.Condition
    private var ring: RingStorage<Element>
    private var statistics: BoundedQueueStatistics
    private var isClosed = false
    private var samplerCredit = 0.0  // sampling: fraction of an element owed to the output
    private var drainRate = RateWindow(windowSeconds: 2)  // consumer pace, for upstream signals
    private var lastSignalNanos: UInt64?
    private var firstTakeNanos: UInt64?
    private let clock: any NanosecondClock

    /// What happens when producers outrun consumers.
    public let policy: BackpressurePolicy
    /// The most elements the queue holds.
    public let capacity: Int

    /// - Parameters:
    ///   - capacity: the bound, in elements.
    ///   - policy: what to do with new elements under pressure.
    ///   - clock: time source for blocked time and drain rate; a `ManualClock` makes simulations exact.
    public init(capacity: Int, policy: BackpressurePolicy = .block, clock: any NanosecondClock = MonotonicClock()) {
        if case let .sample(keepFraction, engageAtFill) = policy {
            precondition((0...1).contains(keepFraction) && (0...1).contains(engageAtFill), "fractions are 0...1")
        }
        self.capacity = capacity
        self.policy = policy
        self.clock = clock
        ring = RingStorage(capacity: capacity)
        statistics = BoundedQueueStatistics(capacity: capacity)
        notEmpty = Monitor.Condition(monitor)
        notFull = Monitor.Condition(monitor)
    }

    /// Offers `element`, waiting for space under `.block` until `timeoutNanos` has passed (nil: no limit).
    /// Other policies never wait.
    public func offer(_ element: Element, timeoutNanos: UInt64? = nil) -> OfferOutcome {
        monitor.lock()
        defer { monitor.unlock() }
        if case .block = policy, ring.isFull, !isClosed {
            let start = clock.nowNanos()
            let deadline = timeoutNanos.map { MonotonicClock().nowNanos() &+ $0 }
            while ring.isFull && !isClosed {
                if !notFull.wait(untilNanos: deadline), ring.isFull { break }
            }
            statistics.blockedNanos &+= clock.nowNanos() &- start
        }
        return offerLocked(element)
    }

    /// Offers `element` without ever waiting: under `.block` a full queue answers `.full` and the caller
    /// keeps the element (a simulation or event loop does its own waiting).
    public func tryOffer(_ element: Element) -> OfferOutcome {
        monitor.withLock { offerLocked(element) }
    }

    private func offerLocked(_ element: Element) -> OfferOutcome {
        if isClosed {
            statistics.refusedClosed &+= 1
            return .closed
        }
        let outcome: OfferOutcome
        switch policy {
        case .block:
            guard !ring.isFull else {
                statistics.refusedFull &+= 1
                return .full
            }
            outcome = .accepted
        case .dropOldest:
            if ring.isFull {
                _ = ring.pop()
                statistics.droppedOldest &+= 1
                outcome = .acceptedDroppingOldest
            } else {
                outcome = .accepted
            }
        case .dropNewest:
            guard !ring.isFull else {
                statistics.droppedNewest &+= 1
                return .dropped
            }
            outcome = .accepted
        case let .sample(keepFraction, engageAtFill):
            if Double(ring.count) >= engageAtFill * Double(capacity) {
                // Bresenham-style: keep exactly keepFraction of offers, evenly spaced.
                samplerCredit += keepFraction
                guard samplerCredit >= 1 else {
                    statistics.sampledOut &+= 1
                    return .sampledOut
                }
                samplerCredit -= 1
            }
            guard !ring.isFull else {
                statistics.droppedNewest &+= 1
                return .dropped
            }
            outcome = .accepted
        case let .signalUpstream(highWatermark, signalIntervalNanos):
            let now = clock.nowNanos()
            let pressured = Double(ring.count) >= highWatermark * Double(capacity)
            var signalRate: Double?
            if pressured, lastSignalNanos.map({ now &- $0 >= signalIntervalNanos }) ?? true {
                lastSignalNanos = now
                statistics.signalsSent &+= 1
                signalRate = measuredDrainRate(atNanos: now)
            }
            guard !ring.isFull else {
                statistics.droppedNewest &+= 1
                return signalRate.map { .droppedSlowDown(ratePerSecond: $0) } ?? .dropped
            }
            outcome = signalRate.map { .acceptedSlowDown(ratePerSecond: $0) } ?? .accepted
        }
        ring.push(element)
        statistics.accepted &+= 1
        if ring.count > statistics.highWaterMark { statistics.highWaterMark = ring.count }
        notEmpty.signal()
        return outcome
    }

    /// Elements taken per second over the last closed second; before a full second has passed, the
    /// average since the first take.
    private func measuredDrainRate(atNanos now: UInt64) -> Double {
        drainRate.advance(toNanos: now)
        if !drainRate.perSecondCounts.isEmpty { return drainRate.ratePerSecond(overLastSeconds: 1) }
        guard let first = firstTakeNanos, now > first else { return 0 }
        return Double(drainRate.total) * Double(Nanos.perSecond) / Double(now - first)
    }

    /// Takes the oldest element, waiting up to `timeoutNanos` (nil: no limit) for one to arrive.
    /// Returns nil on timeout, or once the queue is closed and empty.
    public func take(timeoutNanos: UInt64? = nil) -> Element? {
        monitor.lock()
        defer { monitor.unlock() }
        let deadline = timeoutNanos.map { MonotonicClock().nowNanos() &+ $0 }
        while ring.isEmpty && !isClosed {
            if !notEmpty.wait(untilNanos: deadline), ring.isEmpty { return nil }
        }
        return takeLocked()
    }

    /// Takes the oldest element if there is one; never waits.
    public func tryTake() -> Element? {
        monitor.withLock { takeLocked() }
    }

    private func takeLocked() -> Element? {
        guard let element = ring.pop() else { return nil }
        statistics.taken &+= 1
        if case .signalUpstream = policy {
            let now = clock.nowNanos()
            if firstTakeNanos == nil { firstTakeNanos = now }
            drainRate.mark(atNanos: now)
        }
        notFull.signal()
        return element
    }

    /// Refuses further offers and wakes every waiting producer and consumer. Queued elements can still be taken.
    public func close() {
        monitor.withLock {
            isClosed = true
            notEmpty.broadcast()
            notFull.broadcast()
        }
    }

    /// Whether `close()` has been called.
    public var closed: Bool { monitor.withLock { isClosed } }

    /// Elements held now.
    public var count: Int { monitor.withLock { ring.count } }

    /// A consistent copy of every counter.
    public var stats: BoundedQueueStatistics {
        monitor.withLock {
            var copy = statistics
            copy.count = ring.count
            return copy
        }
    }
}
