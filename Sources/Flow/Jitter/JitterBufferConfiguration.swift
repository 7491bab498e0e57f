/// A frame as the network delivers it: a sequence number, the sender's capture time and the payload.
public struct JitterFrame<Payload> {
    /// Consecutive frames have consecutive sequence numbers; playout order follows them.
    public var sequence: UInt64
    /// When the sender captured the frame, on the sender's clock (used only to measure jitter).
    public var captureTimeMs: Double
    public var payload: Payload

    public init(sequence: UInt64, captureTimeMs: Double, payload: Payload) {
        self.sequence = sequence
        self.captureTimeMs = captureTimeMs
        self.payload = payload
    }
}

extension JitterFrame: Sendable where Payload: Sendable {}

/// How long playback waits before the first frame is shown: the cushion that absorbs jitter.
public enum PlayoutDelay: Sendable, Equatable {
    /// Start `ms` after the first frame arrives; frame k is then due at start + k × frame interval.
    case milliseconds(Double)
    /// Start when this many frames are buffered (the storyboard's `size >= 3`).
    case frames(Int)
}

/// What happens to a frame that arrives after its playout time.
public enum LateFramePolicy: Sendable, Equatable {
    /// Discard it: the clock never waits, the slot is a freeze (live calls).
    case drop
    /// Show it when it arrives, unless a later frame is already due and present (then it is skipped).
    /// The playout clock itself does not move, so later frames keep their due times.
    case playLate
}

/// Lets the playout delay follow the network (see `JitterBuffer`).
public struct DelayAdaptation: Sendable, Equatable {
    /// How many recent arrivals the delay must cover.
    public var windowFrames: Int
    /// Added on top of the worst relative delay in the window.
    public var safetyMarginMs: Double
    /// The delay stays within these bounds.
    public var minDelayMs: Double
    public var maxDelayMs: Double
    /// When the delay may shrink, each frame shown takes at most this much off (gentle speed-up).
    public var decayMsPerFrame: Double

    public init(windowFrames: Int = 128, safetyMarginMs: Double = 5, minDelayMs: Double = 0,
                maxDelayMs: Double = 500, decayMsPerFrame: Double = 0.5) {
        precondition(windowFrames > 0 && minDelayMs <= maxDelayMs)
        self.windowFrames = windowFrames
        self.safetyMarginMs = safetyMarginMs
        self.minDelayMs = minDelayMs
        self.maxDelayMs = maxDelayMs
        self.decayMsPerFrame = decayMsPerFrame
    }
}

/// Settings of a `JitterBuffer`.
public struct JitterBufferConfiguration: Sendable, Equatable {
    /// The playout clock: one frame every 1000 / framesPerSecond ms.
    public var framesPerSecond: Double
    public var targetDelay: PlayoutDelay
    public var latePolicy: LateFramePolicy
    /// Frames held at most; also the widest sequence gap accepted ahead of the playout position.
    public var capacityFrames: Int
    /// nil: fixed delay.
    public var adaptation: DelayAdaptation?
    /// Buffer-level samples and freeze intervals kept for reporting (the most recent ones).
    public var historyCapacity: Int
    /// Times closer than this are the same moment. Due times are sums of floating-point milliseconds
    /// (33.333… per frame at 30 fps), so a frame arriving "at" its slot can miss it by a rounding error;
    /// without a tolerance that reads as a late frame and a freeze of 0.0 ms.
    public var timeToleranceMs: Double

    public init(framesPerSecond: Double = 30, targetDelay: PlayoutDelay = .milliseconds(100),
                latePolicy: LateFramePolicy = .playLate, capacityFrames: Int = 64,
                adaptation: DelayAdaptation? = nil, historyCapacity: Int = 1024, timeToleranceMs: Double = 0.001) {
        precondition(framesPerSecond > 0 && capacityFrames > 0 && historyCapacity > 0 && timeToleranceMs >= 0)
        self.framesPerSecond = framesPerSecond
        self.targetDelay = targetDelay
        self.latePolicy = latePolicy
        self.capacityFrames = capacityFrames
        self.adaptation = adaptation
        self.historyCapacity = historyCapacity
        self.timeToleranceMs = timeToleranceMs
    }

    /// Milliseconds between two playout slots.
    public var frameIntervalMs: Double { 1000 / framesPerSecond }
}

/// An interval during which playback stalled waiting for the next frame.
public struct FreezeInterval: Sendable, Equatable {
    public var startMs: Double
    public var endMs: Double
    public var durationMs: Double { endMs - startMs }
}

/// How full the buffer was at a moment.
public struct BufferLevelSample: Sendable, Equatable {
    public var timeMs: Double
    public var frames: Int
}

/// Counters of a `JitterBuffer`.
public struct JitterBufferStatistics: Sendable, Equatable {
    public var framesReceived: UInt64 = 0
    public var framesPlayed: UInt64 = 0
    /// Frames that arrived after their due time (played late or dropped).
    public var framesLate: UInt64 = 0
    /// Late frames shown anyway (`.playLate`).
    public var framesPlayedLate: UInt64 = 0
    /// Frames discarded because they came after their slot (`.drop`) or after a later frame was shown.
    public var framesDroppedLate: UInt64 = 0
    /// Frames discarded because they were too far ahead of the playout position (buffer full).
    public var framesDroppedOverflow: UInt64 = 0
    public var framesDuplicate: UInt64 = 0
    /// Slots given up on because their frame had not arrived.
    public var framesSkipped: UInt64 = 0
    public var freezeCount: UInt64 = 0
    public var freezeTotalMs: Double = 0
    public var longestFreezeMs: Double = 0
    /// Time from the first arrival to the start of playback ("Buffering…").
    public var prefillMs: Double = 0
    /// Frames buffered now, and the most ever.
    public var level = 0
    public var maxLevel = 0
    /// RFC 3550 interarrival jitter estimate.
    public var jitterMs: Double = 0
    /// The playout delay in force now (changes only with adaptation).
    public var currentDelayMs: Double = 0
}
