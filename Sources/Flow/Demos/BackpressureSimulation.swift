/// A producer outrunning its consumer through a `BoundedQueue`, on a simulated clock in 1 ms steps
/// (`ringlog demo backpressure`). Every message carries its enqueue time, so the run also measures how
/// long delivered messages waited.
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
    public func run(policy: BackpressurePolicy) -> Outcome {
        let clock = ManualClock()
        let queue = BoundedQueue<UInt64>(capacity: capacity, policy: policy, clock: clock)
        let stepNanos = Nanos.perMillisecond
        let stepsPerSecond = Double(Nanos.perSecond / stepNanos)
        var producerRate = producerRatePerSecond
        var producerCredit = 0.0
        var consumerCredit = 0.0
        var produced: UInt64 = 0
        var consumed: UInt64 = 0
        var blockedSteps = 0.0
        var queueWait = LatencyHistogram()
        // A slowed producer probes back up by 1 % of its wanted rate per second (additive increase).
        let recoveryPerStep = producerRatePerSecond * 0.01 / stepsPerSecond

        for _ in 0..<(durationSeconds * Int(stepsPerSecond)) {
            clock.advance(byNanos: stepNanos)
            let now = clock.nowNanos()
            producerCredit += producerRate / stepsPerSecond
            let wanted = producerCredit.rounded(.down)
            var sent = 0.0
            var signalled = false
            sending: while producerCredit >= 1 {
                switch queue.tryOffer(now) {
                case .full:
                    // Blocked for the rest of this step; a blocked producer creates nothing new meanwhile.
                    blockedSteps += (wanted - sent) / wanted
                    producerCredit = producerCredit - producerCredit.rounded(.down)
                    break sending
                case let .acceptedSlowDown(rate), let .droppedSlowDown(rate):
                    producerRate = max(rate, 1)
                    signalled = true
                default:
                    break
                }
                producerCredit -= 1
                produced += 1
                sent += 1
            }
            if !signalled { producerRate = min(producerRatePerSecond, producerRate + recoveryPerStep) }
            consumerCredit += consumerRatePerSecond / stepsPerSecond
            while consumerCredit >= 1, let enqueuedAt = queue.tryTake() {
                consumerCredit -= 1
                consumed += 1
                queueWait.record(valueNanos: now - enqueuedAt)
            }
            consumerCredit = min(consumerCredit, 1)  // an idle consumer does not bank capacity
        }
        return Outcome(policy: policy, queue: queue.stats, produced: produced, consumed: consumed,
                       producerBlockedSeconds: blockedSteps / stepsPerSecond,
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
