import Flow

/// `ringlog demo jitter`: Slides 3–5 of the storyboard as two printed timelines.
enum JitterDemo {
    static func run(_ arguments: ArraySlice<String>) -> [String] {
        var options = DemoOptions(arguments, flagNames: ["drop-late", "adaptive"])
        let fps = options.double("fps", default: 30)
        let delayMs = options.double("delay-ms", default: 100)
        let randomCount = options.int("random", default: 0)
        let jitterMs = options.double("jitter-ms", default: 80)
        let seed = options.int("seed", default: 1)
        let arrivalsText = options.string("arrivals")
        var problems = options.allProblems
        if fps <= 0 || fps > 1_000 { problems.append("--fps must be in 1...1000") }
        if delayMs < 0 { problems.append("--delay-ms must not be negative") }
        if randomCount < 0 || randomCount > 10_000 { problems.append("--random must be in 1...10000") }
        var times = JitterSimulation.storyboardArrivalTimesMs
        if let arrivalsText {
            let parsed = arrivalsText.split(separator: ",").map { Double($0.trimmingCharacters(in: " ")) }
            if parsed.isEmpty || parsed.contains(where: { $0 == nil || $0! < 0 }) {
                problems.append("--arrivals expects comma-separated non-negative times in ms")
            } else {
                times = parsed.map { $0! }
            }
        }
        guard problems.isEmpty else { return problems }

        let arrivals = randomCount > 0
            ? JitterSimulation.randomArrivals(count: randomCount, framesPerSecond: fps, jitterMs: jitterMs,
                                              seed: UInt64(truncatingIfNeeded: seed))
            : JitterSimulation.arrivals(atTimesMs: times, framesPerSecond: fps)
        let policy: LateFramePolicy = options.flags.contains("drop-late") ? .drop : .playLate
        let adaptation = options.flags.contains("adaptive") ? DelayAdaptation(minDelayMs: 0) : nil
        let interval = 1000 / fps

        print("JITTER DEMO: \(arrivals.count) frames, played at \(DemoText.fixed(fps, 0)) fps "
              + "(one frame every \(DemoText.fixed(interval)) ms), late frames \(policy == .drop ? "dropped" : "played late")")
        print("Network delivers frames at (ms): "
              + arrivals.sorted { $0.arrivalMs < $1.arrivalMs }.prefix(40)
                .map { "#\($0.sequence)@\(DemoText.fixed($0.arrivalMs))" }.joined(separator: " ")
              + (arrivals.count > 40 ? " …" : ""))
        print("")
        let unbuffered = JitterSimulation.run(arrivals: arrivals, configuration: JitterBufferConfiguration(
            framesPerSecond: fps, targetDelay: .milliseconds(0), latePolicy: policy))
        print("WITHOUT A BUFFER — frame k is due at (k−1) × \(DemoText.fixed(interval)) ms")
        printTimeline(unbuffered, interval: interval)
        print("")
        let buffered = JitterSimulation.run(arrivals: arrivals, configuration: JitterBufferConfiguration(
            framesPerSecond: fps, targetDelay: .milliseconds(delayMs), latePolicy: policy, adaptation: adaptation))
        print("WITH A \(DemoText.fixed(delayMs, 0)) ms JITTER BUFFER — frame k plays at "
              + "\(DemoText.fixed(delayMs, 0)) + (k−1) × \(DemoText.fixed(interval)) ms"
              + (adaptation == nil ? "" : " (adaptive: the delay follows the measured jitter)"))
        printTimeline(buffered, interval: interval)
        print("")
        print("Trade-off: \(DemoText.fixed(delayMs, 0)) ms of added latency took the picture from "
              + "\(unbuffered.statistics.freezeCount) freeze\(unbuffered.statistics.freezeCount == 1 ? "" : "s") (\(DemoText.fixed(unbuffered.statistics.freezeTotalMs)) ms) "
              + "to \(buffered.statistics.freezeCount) (\(DemoText.fixed(buffered.statistics.freezeTotalMs)) ms).")
        return []
    }

    private static func printTimeline(_ result: JitterSimulationResult, interval: Double) {
        let verbose = result.events.count <= 400
        if verbose {
            var sawBuffering = false
            var frozen = false
            for event in result.events {
                let time = DemoText.padLeft(DemoText.fixed(event.timeMs), 8) + " ms  "
                switch event.kind {
                case let .arrived(sequence):
                    print(time + "   frame \(sequence) arrives")
                case .buffering:
                    sawBuffering = true
                    print(time + "   Buffering… (building the cushion)")
                case .playbackStarted:
                    if sawBuffering { print(time + "   playback starts") }
                case let .played(sequence, late):
                    frozen = false
                    print(time + (late > 0 ? " ▶ frame \(sequence) plays \(DemoText.fixed(late)) ms LATE"
                                           : " ▶ frame \(sequence) plays on time"))
                case let .missing(sequence):
                    print(time + " ✗ frame \(sequence) is due but not here: " + (frozen ? "still frozen" : "FREEZE"))
                    frozen = true
                case let .droppedLate(sequence, late):
                    print(time + " ✗ frame \(sequence) dropped: \(DemoText.fixed(late)) ms after its slot")
                case let .skipped(count):
                    print(time + "   \(count) slot\(count == 1 ? "" : "s") given up")
                }
            }
        }
        let stats = result.statistics
        let lateness = result.playedLateness.filter { $0.lateByMs > 0 }
        print("  Played \(stats.framesPlayed) of \(stats.framesReceived); late: \(stats.framesLate)"
              + (lateness.isEmpty ? "" : " (" + lateness.prefix(20).map { "#\($0.sequence) \(DemoText.fixed($0.lateByMs))" }
                                                  .joined(separator: ", ") + " ms" + (lateness.count > 20 ? ", …" : "") + ")")
              + "; dropped late: \(stats.framesDroppedLate); skipped: \(stats.framesSkipped)")
        let freezes = result.freezes.prefix(20).map {
            "\(DemoText.fixed($0.startMs))–\(DemoText.fixed($0.endMs)) (\(DemoText.fixed($0.durationMs)))"
        }
        print("  Freezes: \(stats.freezeCount), \(DemoText.fixed(stats.freezeTotalMs)) ms in total, longest "
              + "\(DemoText.fixed(stats.longestFreezeMs)) ms" + (freezes.isEmpty ? "" : ": " + freezes.joined(separator: ", ")
              + (result.freezes.count > 20 ? ", …" : "")))
        let levels = result.levelHistory.prefix(30).map { "\(DemoText.fixed($0.timeMs)):\($0.frames)" }
        print("  Buffer level (ms:frames): " + levels.joined(separator: " ") + (result.levelHistory.count > 30 ? " …" : "")
              + "; max \(stats.maxLevel)" + (stats.prefillMs > 0 ? "; prefill \(DemoText.fixed(stats.prefillMs)) ms" : "")
              + "; jitter (RFC 3550) \(DemoText.fixed(stats.jitterMs)) ms; delay now \(DemoText.fixed(stats.currentDelayMs)) ms")
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> Substring {
        var text = self
        while text.first == set { text = text.dropFirst() }
        while text.last == set { text = text.dropLast() }
        return text
    }
}
