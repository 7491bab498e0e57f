/// A producer outrunning its consumer through a `BoundedQueue`, on a simulated clock, one event at a time
/// (`ringlog demo backpressure`): the producer sends a message every 1/producer-rate seconds, the consumer
/// takes one at most every 1/consumer-rate seconds. Stepping by events rather than fixed time steps keeps
/// the run right for any capacity: with 1 ms steps, a queue of 1 message let the consumer take only
/// 1,000 per second. Every message carries its enqueue time, so the run also measures how long delivered
/// messages waited.
public struct BackpressureSimulation: Sendable {
    public var producerRatePerSecond: Double
    public var consumerRatePerSecond: Double
    /// The queue bound, in messages.
    public var capacity: Int
    public var durationSeconds: Int

    public init(producerRatePerSecond: Double = 10_000, consumerRatePerSecond: Double = 8_000,
                capacity: Int = 10_000, durationSeconds: Int = 60) {
        self.producerRatePerSecond = producerRatePerSecond
        self.consumerRatePerSecond = consumerRatePerSecond
        self.capacity = capacity
        self.durationSeconds = durationSeconds
    }

    /// Messages waiting after `seconds` with no bound at all: (producer − consumer) × seconds.
    public func unboundedBacklog(afterSeconds seconds: Double) -> Double {
        max(0, producerRatePerSecond - consumerRatePerSecond) * seconds
    }

    /// What one policy did over the run.
    public struct Outcome: Sendable {
        public var policy: BackpressurePolicy
        public var queue: BoundedQueueStatistics
        /// Messages the producer created (a blocked or slowed producer creates fewer).
        public var produced: UInt64
        /// Messages the consumer processed.
        public var consumed: UInt64
        /// Time the producer spent blocked.
        public var producerBlockedSeconds: Double
        /// The producer's rate at the end of the run (changes only under `.signalUpstream`).
        public var finalProducerRatePerSecond: Double
        /// How long consumed messages waited in the queue.
        public var queueWait: LatencyHistogram

        /// Messages lost: discarded old, refused new, or sampled out.
        public var lost: UInt64 { queue.droppedOldest + queue.droppedNewest + queue.sampledOut }
    }

    /// Runs the producer and consumer against a queue with `policy`.
    ///
    /// Costs one queue operation per message sent or taken: (producer + consumer rate) × duration.
    /// At equal times the send comes first. A producer refused by a full queue under `.block` holds its
    /// message and sends it the moment the consumer frees a slot; it creates nothing new meanwhile.
    public func run(policy: BackpressurePolicy) -> Outcome {
        precondition(producerRatePerSecond > 0 && consumerRatePerSecond > 0 && capacity > 0 && durationSeconds > 0)
        let clock = ManualClock()
        let queue = BoundedQueue<UInt64>(capacity: capacity, policy: policy, clock: clock)
        let nanosPerSecond = Double(Nanos.perSecond)
        let endNanos = Double(durationSeconds) * nanosPerSecond
        let consumerIntervalNanos = nanosPerSecond / consumerRatePerSecond
        // A slowed producer probes back up by 1 % of its wanted rate per second (additive increase).
        let recoveryPerNanosecond = producerRatePerSecond * 0.01 / nanosPerSecond
        var producerRate = producerRatePerSecond
        var nextSendNanos = nanosPerSecond / producerRate
        var lastSendNanos = 0.0
        var blockedSinceNanos: Double?  // the producer holds a message a full queue refused
        var blockedNanos = 0.0
        var consumerReadyNanos = consumerIntervalNanos
        var nowNanos = 0.0
        var produced: UInt64 = 0
        var consumed: UInt64 = 0
        var queueWait = LatencyHistogram()

        func advanceClock(to nanos: Double) {
            nowNanos = nanos
            clock.set(toNanos: UInt64(nanos.rounded(.down)))
        }
        func send() {
            let outcome = queue.tryOffer(clock.nowNanos())
            switch outcome {
            case .full:
                if blockedSinceNanos == nil { blockedSinceNanos = nowNanos }
                return
            case let .acceptedSlowDown(rate), let .droppedSlowDown(rate):
                producerRate = max(rate, 1)
            default:
                producerRate = min(producerRatePerSecond, producerRate + recoveryPerNanosecond * (nowNanos - lastSendNanos))
            }
            if let since = blockedSinceNanos {
                blockedNanos += nowNanos - since
                blockedSinceNanos = nil
            }
            produced += 1
            lastSendNanos = nowNanos
            nextSendNanos = nowNanos + nanosPerSecond / producerRate
        }

        while true {
            let sendAt = blockedSinceNanos == nil ? nextSendNanos : .infinity
            // An idle consumer takes a message as soon as one is there; a busy one when it is ready.
            let takeAt = queue.count > 0 ? max(consumerReadyNanos, nowNanos) : .infinity
            let eventAt = min(sendAt, takeAt)
            guard eventAt <= endNanos else { break }
            advanceClock(to: eventAt)
            if sendAt <= takeAt {
                send()
                continue
            }
            guard let enqueuedAt = queue.tryTake() else { continue }
            consumed += 1
            queueWait.record(valueNanos: clock.nowNanos() - enqueuedAt)
            consumerReadyNanos = nowNanos + consumerIntervalNanos
            if blockedSinceNanos != nil { send() }  // the freed slot goes to the waiting message at once
        }
        if let since = blockedSinceNanos { blockedNanos += endNanos - since }
        return Outcome(policy: policy, queue: queue.stats, produced: produced, consumed: consumed,
                       producerBlockedSeconds: blockedNanos / nanosPerSecond,
                       finalProducerRatePerSecond: producerRate, queueWait: queueWait)
    }

    /// The policies the demo compares, as the storyboard's matrix uses them.
    public static let demoPolicies: [BackpressurePolicy] = [
        .block, .dropOldest, .dropNewest, .sample(keepFraction: 0.1), .signalUpstream(),
    ]
}

/// Slide 14 of the storyboard: which policy fits which data, and why.
public enum BackpressureDecisionMatrix {
    /// One line of the matrix: a kind of data, the policy that fits it, and why.
    public struct Row: Sendable, Equatable {
        public var scenario: String
        public var examples: String
        public var policy: BackpressurePolicy
        public var reason: String
    }

    public static let rows: [Row] = [
        Row(scenario: "Financial transactions", examples: "bank transfers", policy: .block, reason: "cannot lose a penny"),
        Row(scenario: "Live video streaming", examples: "Twitch, Zoom", policy: .dropOldest, reason: "a stale frame is useless"),
        Row(scenario: "Server metrics", examples: "CPU/memory stats", policy: .sample(keepFraction: 0.1),
            reason: "a sample is still valid statistics"),
        Row(scenario: "Audit logs", examples: "compliance records", policy: .block, reason: "legal requirement: never lose"),
        Row(scenario: "Stock tickers", examples: "real-time prices", policy: .dropOldest, reason: "an old price is a wrong price"),
        Row(scenario: "User notifications", examples: "push alerts", policy: .signalUpstream(),
            reason: "slow the sender down instead"),
    ]
}
