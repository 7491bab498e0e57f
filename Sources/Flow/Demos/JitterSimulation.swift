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

    /// Lateness of each frame that was played late, in sequence order.
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
    /// as in the storyboard. Times are rounded to 0.1 ms so printed timelines read cleanly.
    public static func randomArrivals(count: Int, framesPerSecond: Double, jitterMs: Double,
                                      seed: UInt64) -> [JitterArrival] {
        var random = SplitMix64(seed: seed)
        let interval = 1000 / framesPerSecond
        return (0..<count).map { index in
            let extra = index == 0 ? 0 : Double.random(in: 0..<max(jitterMs, .leastNonzeroMagnitude), using: &random)
            let capture = Double(index) * interval
            let arrival = ((capture + extra) * 10).rounded() / 10
            return JitterArrival(sequence: UInt64(index + 1), captureTimeMs: capture, arrivalMs: arrival)
        }
    }

    /// Plays `arrivals` through a buffer configured by `configuration`.
    public static func run(arrivals: [JitterArrival], configuration: JitterBufferConfiguration) -> JitterSimulationResult {
        let buffer = JitterBuffer<Void>(configuration: configuration)
        let sorted = arrivals.sorted { ($0.arrivalMs, $0.sequence) < ($1.arrivalMs, $1.sequence) }
        var events: [JitterTimelineEvent] = []
        var next = 0
        var lastStepMs = -Double.infinity
        var announcedBuffering = false
        var announcedStart = false
        var skippedSoFar: UInt64 = 0
        let stepsMax = 16 * (arrivals.count + 1) * configuration.capacityFrames
        // The stream's end: slots after the last frame are not waited for.
        let lastSequence = arrivals.map(\.sequence).max() ?? 0
        func streamIsOver() -> Bool { (buffer.nextSequenceToPlay ?? 0) > lastSequence }

        for _ in 0..<stepsMax {
            if next == sorted.count, buffer.hasStarted, buffer.stats.level == 0 || streamIsOver() { break }
            let nextArrival = next < sorted.count ? sorted[next].arrivalMs : nil
            let nextSlot = streamIsOver() ? nil : nextSlotMs(buffer, after: lastStepMs, lastSequence: lastSequence)
            guard let now = [nextArrival, nextSlot].compactMap({ $0 }).min() else { break }

            while next < sorted.count, sorted[next].arrivalMs == now {
                let arrival = sorted[next]
                next += 1
                events.append(JitterTimelineEvent(timeMs: now, kind: .arrived(sequence: arrival.sequence)))
                let frame = JitterFrame(sequence: arrival.sequence, captureTimeMs: arrival.captureTimeMs, payload: ())
                if case let .droppedLate(late) = buffer.receive(frame, atMs: now) {
                    events.append(JitterTimelineEvent(timeMs: now, kind: .droppedLate(sequence: arrival.sequence, lateByMs: late)))
                }
            }
            let sequenceDueNow = buffer.nextSequenceToPlay.flatMap { dueSequence(buffer, from: $0, atMs: now) }
            pollLoop: while !streamIsOver() {
                switch buffer.poll(atMs: now) {
                case .buffering:
                    if !announcedBuffering {
                        announcedBuffering = true
                        events.append(JitterTimelineEvent(timeMs: now, kind: .buffering))
                    }
                    break pollLoop
                case let .play(frame, late, shownAt):
                    if !announcedStart {
                        announcedStart = true
                        events.append(JitterTimelineEvent(timeMs: shownAt, kind: .playbackStarted))
                    }
                    events.append(JitterTimelineEvent(timeMs: shownAt, kind: .played(sequence: frame.sequence, lateByMs: late)))
                case .hold:
                    break pollLoop
                case .frozen:
                    if let due = sequenceDueNow {
                        events.append(JitterTimelineEvent(timeMs: now, kind: .missing(sequence: due)))
                    }
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

    /// The sequence whose slot is exactly `nowMs`, if any, at or after `position`.
    private static func dueSequence(_ buffer: JitterBuffer<Void>, from position: UInt64, atMs nowMs: Double) -> UInt64? {
        var sequence = position
        for _ in 0..<buffer.configuration.capacityFrames {
            guard let due = buffer.dueMs(of: sequence), due <= nowMs else { return nil }
            if due == nowMs { return sequence }
            if sequence == .max { return nil }
            sequence += 1
        }
        return nil
    }
}
