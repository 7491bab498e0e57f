/// What a `BoundedQueue` does with a new element when the consumer cannot keep up (the storyboard's Act 3).
/// There is no right default: the choice follows what losing, delaying or thinning the data costs.
public enum BackpressurePolicy: Sendable, Equatable {
    /// Wait for space: nothing is lost, the producer slows to the consumer's pace.
    /// Fits payments and audit logs.
    case block
    /// Make room by discarding the oldest element: the freshest data survives. Fits live video and prices.
    case dropOldest
    /// Refuse the new element: what is queued is kept, the newest is lost.
    case dropNewest
    /// Once the queue is at least `engageAtFill` full (0...1), keep only `keepFraction` of new elements,
    /// spread evenly (a deterministic 1-in-N pattern, not random). A sampled-in element that finds the queue
    /// completely full is dropped. Fits metrics, where a sample still gives valid statistics.
    case sample(keepFraction: Double, engageAtFill: Double = 0.5)
    /// Accept while there is room, and once the queue is at least `highWatermark` full tell the producer
    /// to slow down, with the rate the consumer is draining at (measured over the last second). Signals
    /// are rate-limited to one per `signalIntervalNanos`. A full queue refuses the element (counted as
    /// dropped) and signals again. This is Kafka's quota `throttle_time_ms` idea. Fits notifications.
    case signalUpstream(highWatermark: Double = 0.8, signalIntervalNanos: UInt64 = 100 * Nanos.perMillisecond)
}

/// The result of offering an element to a `BoundedQueue`.
public enum OfferOutcome: Sendable, Equatable {
    /// Queued (after waiting, under `.block`, if the queue was full).
    case accepted
    /// Queued; the oldest element was discarded to make room (`.dropOldest`).
    case acceptedDroppingOldest
    /// Queued; the producer should slow down to `ratePerSecond` (`.signalUpstream`).
    case acceptedSlowDown(ratePerSecond: Double)
    /// Not queued: the queue was full (`.dropNewest`, or a full `.sample`/`.signalUpstream` queue).
    case dropped
    /// Not queued: the sampler left it out (`.sample`).
    case sampledOut
    /// Not queued: full and the producer should slow down to `ratePerSecond` (`.signalUpstream`).
    case droppedSlowDown(ratePerSecond: Double)
    /// Not queued: `.block` and the queue stayed full until the deadline, or `tryOffer` on a full queue.
    case full
    /// Not queued: the queue is closed.
    case closed

    /// Whether the element is now in the queue.
    public var isQueued: Bool {
        switch self {
        case .accepted, .acceptedDroppingOldest, .acceptedSlowDown: return true
        default: return false
        }
    }
}

/// Counters a `BoundedQueue` keeps for every outcome. Every offered element lands in exactly one of
/// `accepted`, `droppedNewest`, `sampledOut`, `refusedFull` or `refusedClosed`.
public struct BoundedQueueStatistics: Sendable, Equatable {
    public var capacity = 0
    /// Elements held now.
    public var count = 0
    /// The most elements ever held at once.
    public var highWaterMark = 0
    /// Elements queued.
    public var accepted: UInt64 = 0
    /// Queued elements discarded to make room (`.dropOldest`).
    public var droppedOldest: UInt64 = 0
    /// New elements refused because the queue was full.
    public var droppedNewest: UInt64 = 0
    /// New elements the sampler left out.
    public var sampledOut: UInt64 = 0
    /// Offers that found the queue full and gave up or were told to retry (`.block` timeouts, `tryOffer`).
    public var refusedFull: UInt64 = 0
    /// Offers after `close()`.
    public var refusedClosed: UInt64 = 0
    /// Elements taken by consumers.
    public var taken: UInt64 = 0
    /// Total time producers spent waiting for space.
    public var blockedNanos: UInt64 = 0
    /// Slow-down signals sent to producers.
    public var signalsSent: UInt64 = 0

    /// `count / capacity`.
    public var utilization: Double { capacity == 0 ? 0 : Double(count) / Double(capacity) }
}
