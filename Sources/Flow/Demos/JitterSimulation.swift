/// One frame's trip through the network: its sequence number, when it was captured, when it arrived.
public struct JitterArrival: Sendable, Equatable {
    public var sequence: UInt64
    public var captureTimeMs: Double
    public var arrivalMs: Double

    public init(sequence: UInt64, captureTimeMs: Double, arrivalMs: Double) {
        self.sequence = sequence
        self.captureTimeMs = captureTimeMs
        self.arrivalMs = arrivalMs
    }
}

/// Something that happened during a simulated playout.
public struct JitterTimelineEvent: Sendable, Equatable {
    /// What happened.
    public enum Kind: Sendable, Equatable {
        case arrived(sequence: UInt64)
        /// Prefill began ("Buffering…").
        case buffering
        case playbackStarted
        case played(sequence: UInt64, lateByMs: Double)
        /// The frame's slot came and the frame was not there: the picture freezes.
        case missing(sequence: UInt64)
        case droppedLate(sequence: UInt64, lateByMs: Double)
        /// Slots given up on (never arrived in time) during this step.
        case skipped(count: UInt64)
    }

    public var timeMs: Double
    public var kind: Kind
}

/// The outcome of `JitterSimulation.run`.
public struct JitterSimulationResult: Sendable {
    public var events: [JitterTimelineEvent]
    public var statistics: JitterBufferStatistics
    public var freezes: [FreezeInterval]
    public var levelHistory: [BufferLevelSample]

    /// A frame that came after its slot: shown late, or dropped.
    public struct LateFrame: Sendable, Equatable {
        public var sequence: UInt64
        public var lateByMs: Double
        public var wasPlayed: Bool
    }

    /// Every late frame, played or dropped, in the order it happened: as many as `statistics.framesLate`.
    public var lateFrames: [LateFrame] {
        events.compactMap {
            switch $0.kind {
            case let .played(sequence, late) where late > 0: return LateFrame(sequence: sequence, lateByMs: late, wasPlayed: true)
            case let .droppedLate(sequence, late): return LateFrame(sequence: sequence, lateByMs: late, wasPlayed: false)
            default: return nil
            }
        }
    }

    /// Lateness of each frame that was played, in playing order.
    public var playedLateness: [(sequence: UInt64, lateByMs: Double)] {
        events.compactMap {
            if case let .played(sequence, late) = $0.kind { return (sequence, late) }
            return nil
        }
    }
}

/// Runs a `JitterBuffer` against a list of arrivals on a simulated clock: every arrival and every
/// playout slot is one step, so the result is exact and instant (the CLI's `ringlog demo jitter`).
public enum JitterSimulation {
    /// Slide 3 of the storyboard: frames 1–6 arrive at these times (ms).
    public static let storyboardArrivalTimesMs: [Double] = [0, 50, 80, 150, 160, 250]

    /// Frames numbered from 1, captured one frame interval apart starting at 0, arriving at `timesMs`.
    public static func arrivals(atTimesMs timesMs: [Double], framesPerSecond: Double) -> [JitterArrival] {
        timesMs.enumerated().map { index, time in
            JitterArrival(sequence: UInt64(index + 1), captureTimeMs: Double(index) * 1000 / framesPerSecond,
                          arrivalMs: time)
        }
    }

    /// `count` frames captured at `framesPerSecond`; each arrives a uniformly random 0..<jitterMs after its
    /// capture (so frames can overtake each other), on a receiver clock where the first frame arrives at 0
    /// as in the storyboard. The random delay is rounded to 0.1 ms so printed timelines read cleanly; the
    /// capture time is not, so with no jitter every frame lands exactly on its slot.
    public static func randomArrivals(count: Int, framesPerSecond: Double, jitterMs: Double,
                                      seed: UInt64) -> [JitterArrival] {
        var random = SplitMix64(seed: seed)
        let interval = 1000 / framesPerSecond
        return (0..<count).map { index in
            let extra = index == 0 || jitterMs <= 0 ? 0 : Double.random(in: 0..<jitterMs, using: &random)
            let capture = Double(index) * interval
            return JitterArrival(sequence: UInt64(index + 1), captureTimeMs: capture,
                                 arrivalMs: capture + (extra * 10).rounded() / 10)
        }
    }

    /// Plays `arrivals` through a buffer configured by `configuration`.
    ///
    /// A `.missing` event names the frame the player is actually waiting for (the next in sequence), once,
    /// when the wait begins, or a frame whose slot was given up without it ever having been shown. Every
    /// late frame appears as exactly one `.played` event with a positive lateness or one `.droppedLate`.
    public static func run(arrivals: [JitterArrival], configuration: JitterBufferConfiguration) -> JitterSimulationResult {
        let buffer = JitterBuffer<Void>(configuration: configuration)
        let toleranceMs = configuration.timeToleranceMs
        let sorted = arrivals.sorted { ($0.arrivalMs, $0.sequence) < ($1.arrivalMs, $1.sequence) }
        var events: [JitterTimelineEvent] = []
        var next = 0
        var lastStepMs = -Double.infinity
        var announcedBuffering = false
        var announcedStart = false
        var skippedSoFar: UInt64 = 0
        // Frames sitting in the buffer, with their arrival times: a slot passed while its frame was here
        // means the frame was dropped for lateness, not missing.
        var bufferedArrivalMs: [UInt64: Double] = [:]
        var lastAnnouncedMissing: UInt64?
        let stepsMax = 16 * (arrivals.count + 1) * configuration.capacityFrames
        // The stream's end: slots after the last frame are not waited for.
        let lastSequence = arrivals.map(\.sequence).max() ?? 0
        func streamIsOver() -> Bool { (buffer.nextSequenceToPlay ?? 0) > lastSequence }

        func announceMissing(_ sequence: UInt64, atMs now: Double) {
            guard sequence <= lastSequence, lastAnnouncedMissing.map({ sequence > $0 }) ?? true else { return }
            lastAnnouncedMissing = sequence
            events.append(JitterTimelineEvent(timeMs: now, kind: .missing(sequence: sequence)))
        }
        // The player moved from `position` to `end` without showing these frames.
        func accountForPassedSlots(from position: UInt64?, to end: UInt64?, atMs now: Double) {
            guard let position, let end, position < end else { return }
            for sequence in position..<end {
                if let arrival = bufferedArrivalMs.removeValue(forKey: sequence) {
                    let late = max(0, arrival - (buffer.dueMs(of: sequence) ?? arrival))
                    events.append(JitterTimelineEvent(timeMs: now, kind: .droppedLate(sequence: sequence, lateByMs: late)))
                } else {
                    announceMissing(sequence, atMs: now)
                }
            }
        }

        for _ in 0..<stepsMax {
            if next == sorted.count, buffer.hasStarted, buffer.stats.level == 0 || streamIsOver() { break }
            let nextArrival = next < sorted.count ? sorted[next].arrivalMs : nil
            let nextSlot = streamIsOver() ? nil : nextSlotMs(buffer, after: lastStepMs + toleranceMs, lastSequence: lastSequence)
            guard let now = [nextArrival, nextSlot].compactMap({ $0 }).min() else { break }

            // Arrivals within the tolerance of this moment happen at it.
            while next < sorted.count, sorted[next].arrivalMs <= now + toleranceMs {
                let arrival = sorted[next]
                next += 1
                events.append(JitterTimelineEvent(timeMs: arrival.arrivalMs, kind: .arrived(sequence: arrival.sequence)))
                let frame = JitterFrame(sequence: arrival.sequence, captureTimeMs: arrival.captureTimeMs, payload: ())
                switch buffer.receive(frame, atMs: arrival.arrivalMs) {
                case let .droppedLate(late):
                    events.append(JitterTimelineEvent(timeMs: arrival.arrivalMs,
                                                      kind: .droppedLate(sequence: arrival.sequence, lateByMs: late)))
                case .buffered:
                    bufferedArrivalMs[arrival.sequence] = arrival.arrivalMs
                case .droppedOverflow, .duplicate:
                    break
                }
            }
            pollLoop: while !streamIsOver() {
                let position = buffer.nextSequenceToPlay
                switch buffer.poll(atMs: now) {
                case .buffering:
                    if !announcedBuffering {
                        announcedBuffering = true
                        events.append(JitterTimelineEvent(timeMs: now, kind: .buffering))
                    }
                    break pollLoop
                case let .play(frame, late, shownAt):
                    accountForPassedSlots(from: position, to: frame.sequence, atMs: now)
                    bufferedArrivalMs[frame.sequence] = nil
                    if !announcedStart {
                        announcedStart = true
                        events.append(JitterTimelineEvent(timeMs: shownAt, kind: .playbackStarted))
                    }
                    events.append(JitterTimelineEvent(timeMs: shownAt, kind: .played(sequence: frame.sequence, lateByMs: late)))
                case .hold:
                    accountForPassedSlots(from: position, to: buffer.nextSequenceToPlay, atMs: now)
                    break pollLoop
                case let .frozen(awaited, _):
                    accountForPassedSlots(from: position, to: awaited, atMs: now)
                    if let due = buffer.dueMs(of: awaited), due <= now + toleranceMs { announceMissing(awaited, atMs: now) }
                    break pollLoop
                }
            }
            let skipped = buffer.stats.framesSkipped
            if skipped > skippedSoFar {
                events.append(JitterTimelineEvent(timeMs: now, kind: .skipped(count: skipped - skippedSoFar)))
                skippedSoFar = skipped
            }
            lastStepMs = now
        }
        buffer.finish(atMs: lastStepMs)
        return JitterSimulationResult(events: events, statistics: buffer.stats,
                                      freezes: buffer.freezeIntervals, levelHistory: buffer.levelHistory)
    }

    /// The first playout slot strictly after `afterMs` (or the playback start while prefilling).
    private static func nextSlotMs(_ buffer: JitterBuffer<Void>, after afterMs: Double, lastSequence: UInt64) -> Double? {
        guard let position = buffer.nextSequenceToPlay else {
            return buffer.nextDueMs.flatMap { $0 > afterMs ? $0 : nil }
        }
        var sequence = position
        for _ in 0..<buffer.configuration.capacityFrames where sequence <= lastSequence {
            if let due = buffer.dueMs(of: sequence), due > afterMs { return due }
            sequence += 1
        }
        return nil
    }
}
