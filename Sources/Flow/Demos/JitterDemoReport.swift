/// `ringlog demo jitter`: Slides 3–5 of the storyboard as two printed timelines, without and with a
/// jitter buffer. The options are checked here and the text is built here, so tests read what users read.
public enum JitterDemoReport {
    public static let valueNames: Set<String> = ["fps", "delay-ms", "arrivals", "random", "jitter-ms", "seed"]
    public static let flagNames: Set<String> = ["drop-late", "adaptive"]
    /// Bounds on the options, so a typo cannot ask for an endless run.
    public static let framesPerSecondMax = 1_000.0
    public static let delayMsMax = 10_000.0
    public static let jitterMsMax = 10_000.0
    public static let framesMax = 10_000

    /// The demo's text for `arguments` (everything after `ringlog demo jitter`), or what is wrong with them.
    public static func run(_ arguments: some Sequence<String>) -> DemoOutput {
        var options = DemoOptions(arguments, valueNames: valueNames, flagNames: flagNames)
        let fps = options.double("fps", default: 30)
        let delayMs = options.double("delay-ms", default: 100)
        let randomCount = options.optionalInt("random")
        let jitterMs = options.double("jitter-ms", default: 80)
        let seed = options.int("seed", default: 1)
        if fps < 1 || fps > framesPerSecondMax { options.reject("--fps must be in 1...\(Int(framesPerSecondMax))") }
        if delayMs < 0 || delayMs > delayMsMax { options.reject("--delay-ms must be in 0...\(Int(delayMsMax))") }
        if let randomCount, randomCount < 1 || randomCount > framesMax { options.reject("--random must be in 1...\(framesMax)") }
        if jitterMs < 0 || jitterMs > jitterMsMax { options.reject("--jitter-ms must be in 0...\(Int(jitterMsMax))") }
        if options.isGiven("random") && options.isGiven("arrivals") {
            options.reject("--random and --arrivals cannot be used together: pick random or given arrival times")
        }
        if !options.isGiven("random") {
            for name in ["jitter-ms", "seed"] where options.isGiven(name) { options.reject("--\(name) needs --random") }
        }
        var times = JitterSimulation.storyboardArrivalTimesMs
        if let text = options.string("arrivals") {
            let parsed = text.split(separator: ",", omittingEmptySubsequences: false)
                .map { Double($0.filter { $0 != " " }) }
            if parsed.isEmpty || parsed.count > framesMax || parsed.contains(where: { $0 == nil || !$0!.isFinite || $0! < 0 }) {
                options.reject("--arrivals expects up to \(framesMax) comma-separated non-negative times in ms")
            } else {
                times = parsed.map { $0! }
            }
        }
        guard options.allProblems.isEmpty else { return DemoOutput(problems: options.allProblems) }

        let arrivals = randomCount.map {
            JitterSimulation.randomArrivals(count: $0, framesPerSecond: fps, jitterMs: jitterMs,
                                            seed: UInt64(truncatingIfNeeded: seed))
        } ?? JitterSimulation.arrivals(atTimesMs: times, framesPerSecond: fps)
        let policy: LateFramePolicy = options.flags.contains("drop-late") ? .drop : .playLate
        let adaptation = options.flags.contains("adaptive") ? DelayAdaptation(minDelayMs: 0) : nil
        return DemoOutput(lines: lines(arrivals: arrivals, fps: fps, delayMs: delayMs, policy: policy, adaptation: adaptation))
    }

    static func lines(arrivals: [JitterArrival], fps: Double, delayMs: Double, policy: LateFramePolicy,
                      adaptation: DelayAdaptation?) -> [String] {
        let interval = 1000 / fps
        var out: [String] = []
        out.append("JITTER DEMO: \(arrivals.count) frames, played at \(DemoText.fixed(fps, 0)) fps "
                   + "(one frame every \(DemoText.fixed(interval)) ms), late frames \(policy == .drop ? "dropped" : "played late")")
        out.append("Network delivers frames at (ms): "
                   + arrivals.sorted { $0.arrivalMs < $1.arrivalMs }.prefix(40)
                       .map { "#\($0.sequence)@\(DemoText.fixed($0.arrivalMs))" }.joined(separator: " ")
                   + (arrivals.count > 40 ? " …" : ""))
        out.append("")
        let unbuffered = JitterSimulation.run(arrivals: arrivals, configuration: JitterBufferConfiguration(
            framesPerSecond: fps, targetDelay: .milliseconds(0), latePolicy: policy))
        out.append("WITHOUT A BUFFER — frame k is due at (k−1) × \(DemoText.fixed(interval)) ms")
        out += timeline(unbuffered, policy: policy)
        out.append("")
        let buffered = JitterSimulation.run(arrivals: arrivals, configuration: JitterBufferConfiguration(
            framesPerSecond: fps, targetDelay: .milliseconds(delayMs), latePolicy: policy, adaptation: adaptation))
        out.append("WITH A \(DemoText.fixed(delayMs, 0)) ms JITTER BUFFER — frame k plays at "
                   + "\(DemoText.fixed(delayMs, 0)) + (k−1) × \(DemoText.fixed(interval)) ms"
                   + (adaptation == nil ? "" : " (adaptive: the delay follows the measured jitter)"))
        out += timeline(buffered, policy: policy)
        out.append("")
        let before = unbuffered.statistics
        let after = buffered.statistics
        out.append("Trade-off: \(DemoText.fixed(delayMs, 0)) ms of added latency took the picture from "
                   + "\(DemoText.count(before.freezeCount, "freeze")) (\(DemoText.milliseconds(before.freezeTotalMs)) ms) "
                   + "to \(after.freezeCount) (\(DemoText.milliseconds(after.freezeTotalMs)) ms).")
        return out
    }

    /// The events of one run, then its counters. Every late frame the counters report is listed.
    static func timeline(_ result: JitterSimulationResult, policy: LateFramePolicy) -> [String] {
        var out: [String] = []
        if result.events.count <= 400 {
            var sawBuffering = false
            var frozen = false
            var lastShown: UInt64?
            for event in result.events {
                let time = DemoText.padLeft(DemoText.fixed(event.timeMs), 8) + " ms  "
                switch event.kind {
                case let .arrived(sequence):
                    out.append(time + "   frame \(sequence) arrives")
                case .buffering:
                    sawBuffering = true
                    out.append(time + "   Buffering… (building the cushion)")
                case .playbackStarted:
                    if sawBuffering { out.append(time + "   playback starts") }
                case let .played(sequence, late):
                    frozen = false
                    lastShown = sequence
                    out.append(time + (late > 0 ? " ▶ frame \(sequence) plays \(DemoText.milliseconds(late)) ms LATE"
                                                : " ▶ frame \(sequence) plays on time"))
                case let .missing(sequence):
                    out.append(time + " ✗ frame \(sequence) is due but not here: " + (frozen ? "still frozen" : "FREEZE"))
                    frozen = true
                case let .droppedLate(sequence, late):
                    out.append(time + " ✗ frame \(sequence) dropped: arrived \(DemoText.milliseconds(late)) ms after its slot, "
                               + dropReason(policy: policy, lastShown: lastShown))
                case let .skipped(count):
                    out.append(time + "   \(DemoText.count(count, "slot")) given up")
                }
            }
        }
        let stats = result.statistics
        let late = result.lateFrames
        let playedLate = late.filter(\.wasPlayed)
        let droppedLate = late.filter { !$0.wasPlayed }
        var parts: [String] = []
        if !playedLate.isEmpty { parts.append("\(playedLate.count) played late (\(list(playedLate)))") }
        if !droppedLate.isEmpty {
            parts.append("\(droppedLate.count) dropped "
                         + (policy == .drop ? "under the drop-late policy" : "because a later frame was already shown")
                         + " (\(list(droppedLate)))")
        }
        var played = "  Played \(stats.framesPlayed) of \(stats.framesReceived); late: \(stats.framesLate)"
            + (parts.isEmpty ? "" : " — " + parts.joined(separator: ", "))
            + "; slots given up: \(stats.framesSkipped)"
        if stats.framesDroppedOverflow > 0 { played += "; dropped, too far ahead for the buffer: \(stats.framesDroppedOverflow)" }
        if stats.framesDuplicate > 0 { played += "; duplicates: \(stats.framesDuplicate)" }
        out.append(played)
        let freezes = result.freezes.prefix(20).map {
            "\(DemoText.fixed($0.startMs))–\(DemoText.fixed($0.endMs)) (\(DemoText.milliseconds($0.durationMs)))"
        }
        out.append("  Freezes: \(stats.freezeCount), \(DemoText.milliseconds(stats.freezeTotalMs)) ms in total, longest "
                   + "\(DemoText.milliseconds(stats.longestFreezeMs)) ms" + (freezes.isEmpty ? "" : ": " + freezes.joined(separator: ", ")
                   + (result.freezes.count > 20 ? ", …" : "")))
        let levels = result.levelHistory.prefix(30).map { "\(DemoText.fixed($0.timeMs)):\($0.frames)" }
        out.append("  Buffer level (ms:frames): " + levels.joined(separator: " ") + (result.levelHistory.count > 30 ? " …" : "")
                   + "; max \(stats.maxLevel)" + (stats.prefillMs > 0 ? "; prefill \(DemoText.fixed(stats.prefillMs)) ms" : "")
                   + "; jitter (RFC 3550) \(DemoText.fixed(stats.jitterMs)) ms; delay now \(DemoText.fixed(stats.currentDelayMs)) ms")
        return out
    }

    private static func dropReason(policy: LateFramePolicy, lastShown: UInt64?) -> String {
        if policy == .drop { return "and late frames are dropped" }
        // Play-late shows frames in order only: once a later frame is on screen, this one cannot be.
        guard let lastShown else { return "and its slot was already given up" }
        return "but frame \(lastShown) was already shown (frames play in order)"
    }

    private static func list(_ frames: [JitterSimulationResult.LateFrame]) -> String {
        let shown = frames.prefix(20).map { "#\($0.sequence) \(DemoText.milliseconds($0.lateByMs))" }
        return shown.joined(separator: ", ") + " ms" + (frames.count > 20 ? ", …" : "")
    }
}
