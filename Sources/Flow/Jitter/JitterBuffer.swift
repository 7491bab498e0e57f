/// What a `JitterBuffer` says to do with the display at a given moment.
public enum PlayoutDecision<Payload> {
    /// Still prefilling: show "Buffering…".
    case buffering
    /// Show this frame. `shownAtMs` is when it became showable (its due time, or its arrival if that was
    /// later); `lateByMs` is arrival − due when positive. Poll again: more frames may be due.
    case play(JitterFrame<Payload>, lateByMs: Double, shownAtMs: Double)
    /// Keep the current picture: nothing new is due yet.
    case hold
    /// The frame `waitingFor` is due and missing: the picture is frozen since `sinceMs`.
    case frozen(waitingFor: UInt64, sinceMs: Double)
}

/// What happened to a received frame.
public enum ReceiveOutcome: Sendable, Equatable {
    case buffered
    /// Arrived after its slot had passed and was discarded (`lateByMs` = arrival − due).
    case droppedLate(lateByMs: Double)
    /// Too far ahead of the playout position for the buffer's capacity.
    case droppedOverflow
    case duplicate
}

/// Turns frames that arrive out of order and with jitter into frames on a steady playout clock
/// (the storyboard's Act 1: "chaos in, smooth out").
///
/// Frames are held in a fixed ring of `capacityFrames` slots indexed by sequence number, which reorders
/// them for free. Playback starts after a prefill (a delay in ms after the first arrival, or a frame
/// count); from then on frame `base + k` is due at `start + k × interval (+ adaptation)`. The caller
/// polls with the current time — at every display refresh in a player, at every event in a simulation —
/// and gets a `PlayoutDecision`. Times are milliseconds on the receiver's clock, supplied by the caller,
/// so the buffer runs the same on a wall clock and on a simulated one.
///
/// Adaptation (optional): frame k is on time when its transit time (arrival − capture) exceeds the
/// smallest transit seen by no more than the playout delay. So the buffer keeps the relative delays
/// (transit − minimum transit) of the last `windowFrames` arrivals in a ring and aims for the worst of them
/// plus `safetyMarginMs`, within [minDelayMs, maxDelayMs]. When the aim rises the playout clock slips at
/// once (one longer hold, then no more freezes for that much jitter); when the spike leaves the window the
/// delay shrinks by at most `decayMsPerFrame` per frame shown. The RFC 3550 jitter estimate
/// (J += (|D| − J) / 16) is reported in `stats.jitterMs` for monitoring.
///
/// Thread-safe: a network thread may `receive` while a render thread `poll`s.
public final class JitterBuffer<Payload>: @unchecked Sendable {
    // @unchecked: every mutable field is accessed with `monitor` locked.
    public let configuration: JitterBufferConfiguration
    private let monitor = Monitor()
    private var slots: ContiguousArray<JitterFrame<Payload>?>
    private var arrivalMs: ContiguousArray<Double>
    private var statistics = JitterBufferStatistics()
    private var freezes: RingStorage<FreezeInterval>
    private var levels: RingStorage<BufferLevelSample>

    private var firstArrivalMs: Double?
    private var lowestBufferedSequence: UInt64?
    private var playoutStartMs: Double?
    private var isPlaying = false
    private var baseSequence: UInt64 = 0
    private var nextSequence: UInt64 = 0
    private var addedDelayMs = 0.0  // adaptation's slip of the playout clock
    private var lastShownMs = -Double.infinity
    private var freezeStartMs: Double?
    private var previousTransitMs: Double?
    private var minTransitMs = Double.infinity
    private var recentTransitsMs: RingStorage<Double>

    public init(configuration: JitterBufferConfiguration = JitterBufferConfiguration()) {
        self.configuration = configuration
        slots = ContiguousArray(repeating: nil, count: configuration.capacityFrames)
        arrivalMs = ContiguousArray(repeating: 0, count: configuration.capacityFrames)
        freezes = RingStorage(capacity: configuration.historyCapacity)
        levels = RingStorage(capacity: configuration.historyCapacity)
        recentTransitsMs = RingStorage(capacity: configuration.adaptation?.windowFrames ?? 1)
        if case let .milliseconds(delay) = configuration.targetDelay { statistics.currentDelayMs = delay }
        if case let .frames(count) = configuration.targetDelay {
            statistics.currentDelayMs = Double(count) * configuration.frameIntervalMs
        }
    }

    private var interval: Double { configuration.frameIntervalMs }
    private var capacity: Int { configuration.capacityFrames }
    private var tolerance: Double { configuration.timeToleranceMs }

    /// How late a frame that arrived at `arrival` is for a slot at `due`; 0 within the tolerance.
    private func lateness(arrivedAtMs arrival: Double, dueAtMs due: Double) -> Double {
        arrival - due > tolerance ? arrival - due : 0
    }
    @inline(__always) private func slotIndex(_ sequence: UInt64) -> Int { Int(sequence % UInt64(capacity)) }

    private func dueMs(_ sequence: UInt64) -> Double {
        playoutStartMs! + addedDelayMs + Double(Int64(bitPattern: sequence &- baseSequence)) * interval
    }

    /// Accepts a frame that arrived at `nowMs`.
    @discardableResult
    public func receive(_ frame: JitterFrame<Payload>, atMs nowMs: Double) -> ReceiveOutcome {
        monitor.withLock { receiveLocked(frame, atMs: nowMs) }
    }

    private func receiveLocked(_ frame: JitterFrame<Payload>, atMs nowMs: Double) -> ReceiveOutcome {
        statistics.framesReceived += 1
        measureJitter(frame, atMs: nowMs)
        if firstArrivalMs == nil { firstArrivalMs = nowMs }
        let sequence = frame.sequence
        if isPlaying {
            if sequence < nextSequence {
                // Its slot was given up on (skipped or dropped): too late to show.
                let late = max(0, nowMs - dueMs(sequence))
                statistics.framesLate += 1
                statistics.framesDroppedLate += 1
                return .droppedLate(lateByMs: late)
            }
            if sequence - nextSequence >= UInt64(capacity) {
                statistics.framesDroppedOverflow += 1
                return .droppedOverflow
            }
        } else if let lowest = lowestBufferedSequence {
            let highest = max(lowest, sequence)
            let low = min(lowest, sequence)
            if highest - low >= UInt64(capacity) {
                statistics.framesDroppedOverflow += 1
                return .droppedOverflow
            }
        }
        let index = slotIndex(sequence)
        if let held = slots[index] {
            if held.sequence == sequence {
                statistics.framesDuplicate += 1
                return .duplicate
            }
            statistics.framesDroppedOverflow += 1
            return .droppedOverflow
        }
        slots[index] = frame
        arrivalMs[index] = nowMs
        statistics.level += 1
        statistics.maxLevel = max(statistics.maxLevel, statistics.level)
        recordLevel(atMs: nowMs)
        if !isPlaying {
            lowestBufferedSequence = min(lowestBufferedSequence ?? sequence, sequence)
            if playoutStartMs == nil, case let .frames(count) = configuration.targetDelay, statistics.level >= count {
                playoutStartMs = nowMs
            }
        }
        return .buffered
    }

    /// RFC 3550 §6.4.1: the mean deviation of transit-time differences, smoothed by 1/16.
    private func measureJitter(_ frame: JitterFrame<Payload>, atMs nowMs: Double) {
        let transit = nowMs - frame.captureTimeMs
        if let previous = previousTransitMs {
            statistics.jitterMs += (abs(transit - previous) - statistics.jitterMs) / 16
        }
        previousTransitMs = transit
        guard let adaptation = configuration.adaptation else { return }
        minTransitMs = min(minTransitMs, transit)
        _ = recentTransitsMs.pushEvictingOldest(transit)
        // Raise at once: the slip costs one longer hold instead of a freeze per late frame.
        let aim = adaptiveAimMs(adaptation)
        if aim > statistics.currentDelayMs {
            addedDelayMs += aim - statistics.currentDelayMs
            statistics.currentDelayMs = aim
        }
    }

    private func adaptiveAimMs(_ adaptation: DelayAdaptation) -> Double {
        var worst = 0.0
        for offset in 0..<recentTransitsMs.count { worst = max(worst, recentTransitsMs[offset] - minTransitMs) }
        return min(max(worst + adaptation.safetyMarginMs, adaptation.minDelayMs), adaptation.maxDelayMs)
    }

    /// Says what to show at `nowMs`. Call again after `.play`: several frames may be due at once.
    public func poll(atMs nowMs: Double) -> PlayoutDecision<Payload> {
        monitor.withLock { pollLocked(atMs: nowMs) }
    }

    private func pollLocked(atMs nowMs: Double) -> PlayoutDecision<Payload> {
        if !isPlaying {
            if playoutStartMs == nil, let first = firstArrivalMs, case let .milliseconds(delay) = configuration.targetDelay {
                playoutStartMs = first + delay
            }
            guard let start = playoutStartMs, nowMs >= start, let lowest = lowestBufferedSequence else { return .buffering }
            isPlaying = true
            baseSequence = lowest
            nextSequence = lowest
            statistics.prefillMs = start - (firstArrivalMs ?? start)
        }
        while true {
            let due = dueMs(nextSequence)
            if due > nowMs + tolerance {
                if let since = freezeStartMs { return .frozen(waitingFor: nextSequence, sinceMs: since) }
                return .hold
            }
            let index = slotIndex(nextSequence)
            if let frame = slots[index], frame.sequence == nextSequence {
                let arrival = arrivalMs[index]
                let late = lateness(arrivedAtMs: arrival, dueAtMs: due)
                slots[index] = nil
                statistics.level -= 1
                nextSequence += 1
                if late > 0 {
                    statistics.framesLate += 1
                    if configuration.latePolicy == .drop {
                        statistics.framesDroppedLate += 1
                        beginFreeze(atMs: max(due, lastShownMs))
                        continue
                    }
                    statistics.framesPlayedLate += 1
                }
                let shownAt = max(due, arrival)
                endFreeze(atMs: shownAt)
                lastShownMs = shownAt
                statistics.framesPlayed += 1
                recordLevel(atMs: shownAt)
                decayDelay()
                return .play(frame, lateByMs: late, shownAtMs: shownAt)
            }
            // The due frame is missing.
            if configuration.latePolicy == .drop || laterFrameIsDue(atMs: nowMs) {
                beginFreeze(atMs: max(due, lastShownMs))
                statistics.framesSkipped += 1
                nextSequence += 1
                continue
            }
            beginFreeze(atMs: max(due, lastShownMs))
            return .frozen(waitingFor: nextSequence, sinceMs: freezeStartMs!)
        }
    }

    /// Whether a frame after the missing one is present and due: then waiting longer only makes it late too.
    private func laterFrameIsDue(atMs nowMs: Double) -> Bool {
        var sequence = nextSequence + 1
        while sequence < nextSequence + UInt64(capacity), dueMs(sequence) <= nowMs + tolerance {
            if let frame = slots[slotIndex(sequence)], frame.sequence == sequence { return true }
            sequence += 1
        }
        return false
    }

    private func beginFreeze(atMs startMs: Double) {
        if freezeStartMs == nil { freezeStartMs = startMs }
    }

    private func endFreeze(atMs endMs: Double) {
        guard let start = freezeStartMs else { return }
        freezeStartMs = nil
        guard endMs - start > tolerance else { return }  // nothing was visibly frozen
        let freeze = FreezeInterval(startMs: start, endMs: endMs)
        statistics.freezeCount += 1
        statistics.freezeTotalMs += freeze.durationMs
        statistics.longestFreezeMs = max(statistics.longestFreezeMs, freeze.durationMs)
        _ = freezes.pushEvictingOldest(freeze)
    }

    private func decayDelay() {
        guard let adaptation = configuration.adaptation else { return }
        let excess = statistics.currentDelayMs - adaptiveAimMs(adaptation)
        guard excess > 0 else { return }
        let step = min(excess, adaptation.decayMsPerFrame)
        addedDelayMs -= step
        statistics.currentDelayMs -= step
    }

    private func recordLevel(atMs timeMs: Double) {
        _ = levels.pushEvictingOldest(BufferLevelSample(timeMs: timeMs, frames: statistics.level))
    }

    /// When the next frame is due (nil while prefilling with no start time yet). For event-driven callers.
    public var nextDueMs: Double? {
        monitor.withLock {
            if !isPlaying {
                if let start = playoutStartMs { return start }
                if let first = firstArrivalMs, case let .milliseconds(delay) = configuration.targetDelay { return first + delay }
                return nil
            }
            return dueMs(nextSequence)
        }
    }

    /// The due time of `sequence` once playback has started.
    public func dueMs(of sequence: UInt64) -> Double? {
        monitor.withLock { isPlaying ? dueMs(sequence) : nil }
    }

    /// The sequence number the playout position is at (nil before playback starts).
    public var nextSequenceToPlay: UInt64? { monitor.withLock { isPlaying ? nextSequence : nil } }

    /// Ends a freeze still in progress at `nowMs` (end of stream), so it is counted.
    public func finish(atMs nowMs: Double) {
        monitor.withLock { endFreeze(atMs: max(nowMs, freezeStartMs ?? nowMs)) }
    }

    /// Whether playback has started.
    public var hasStarted: Bool { monitor.withLock { isPlaying } }

    /// A copy of the counters.
    public var stats: JitterBufferStatistics { monitor.withLock { statistics } }

    /// The most recent freezes (ended ones), oldest first.
    public var freezeIntervals: [FreezeInterval] { monitor.withLock { freezes.elements } }

    /// Buffer-level samples (after each arrival and each frame shown), oldest first.
    public var levelHistory: [BufferLevelSample] { monitor.withLock { levels.elements } }
}
