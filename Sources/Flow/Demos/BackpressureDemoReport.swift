/// `ringlog demo backpressure`: Slides 13–14 of the storyboard — the unbounded backlog, each policy on a
/// bounded queue, and the decision matrix. The options are checked here and the text is built here.
public enum BackpressureDemoReport {
    public static let valueNames: Set<String> = ["producer", "consumer", "capacity", "seconds"]
    /// Assumed message size for the memory column of the unbounded backlog.
    public static let messageBytes = 1_024
    public static let ratePerSecondMax = 10_000_000.0
    public static let capacityMax = 100_000_000
    public static let secondsMax = 3_600
    /// The simulation costs one step per message sent or taken; this bounds one policy's run.
    public static let simulatedMessagesMax = 100_000_000.0

    /// The demo's text for `arguments` (everything after `ringlog demo backpressure`), or what is wrong with them.
    public static func run(_ arguments: some Sequence<String>) -> DemoOutput {
        var options = DemoOptions(arguments, valueNames: valueNames, flagNames: [])
        let producer = options.double("producer", default: 10_000)
        let consumer = options.double("consumer", default: 8_000)
        let capacity = options.int("capacity", default: 10_000)
        let seconds = options.int("seconds", default: 60)
        let ratesValid = producer >= 1 && consumer >= 1 && producer <= ratePerSecondMax && consumer <= ratePerSecondMax
        if !ratesValid { options.reject("--producer and --consumer must be in 1...\(Int(ratePerSecondMax)) msg/s") }
        if capacity < 1 || capacity > capacityMax { options.reject("--capacity must be in 1...\(capacityMax)") }
        if seconds < 1 || seconds > secondsMax { options.reject("--seconds must be in 1...\(secondsMax)") }
        if ratesValid, seconds >= 1, (producer + consumer) * Double(seconds) > simulatedMessagesMax {
            options.reject("(--producer + --consumer) × --seconds must stay within \(DemoText.grouped(Int(simulatedMessagesMax))) "
                           + "simulated messages per policy")
        }
        guard options.allProblems.isEmpty else { return DemoOutput(problems: options.allProblems) }
        let simulation = BackpressureSimulation(producerRatePerSecond: producer, consumerRatePerSecond: consumer,
                                                capacity: capacity, durationSeconds: seconds)
        return DemoOutput(lines: lines(simulation))
    }

    static func lines(_ simulation: BackpressureSimulation) -> [String] {
        let producer = simulation.producerRatePerSecond
        let consumer = simulation.consumerRatePerSecond
        let backlogGrows = producer > consumer
        var out: [String] = []
        out.append("BACKPRESSURE DEMO: producer \(rate(producer)) msg/s, consumer \(rate(consumer)) msg/s, "
                   + (backlogGrows ? "gap \(rate(producer - consumer)) msg/s" : "the consumer keeps up"))
        out.append("")
        if backlogGrows {
            out.append("NO BOUND — the backlog only grows (memory at \(messageBytes) B per message):")
            var table = DemoTable([("", .left), ("messages", .right), ("memory", .right)])
            for (label, hours) in [("after 1 h", 1.0), ("after 6 h", 6.0), ("after 24 h", 24.0)] {
                let backlog = simulation.unboundedBacklog(afterSeconds: hours * 3_600)
                let gib = backlog * Double(messageBytes) / Double(1 << 30)
                table.append([label, DemoText.grouped(Int(backlog)), DemoText.fixed(gib) + " GiB"])
            }
            out += table.lines.dropFirst().map { "  " + $0 }
            out.append("  … until the process runs out of memory.")
        } else {
            out.append("NO BOUND — the consumer drains at least as fast as the producer sends, so the backlog does")
            out.append("  not grow: memory stays flat even without a bound (a bound still guards against bursts).")
        }
        out.append("")
        out.append("BOUNDED QUEUE OF \(DemoText.grouped(simulation.capacity)) — \(simulation.durationSeconds) s simulated "
                   + "per policy (event by event: each message sent, each message taken):")
        var table = DemoTable([("policy", .left), ("peak", .right), ("delivered", .right), ("lost", .right),
                               ("blocked", .right), ("signals", .right), ("wait p50", .right), ("wait p99", .right)])
        var verdicts: [String] = []
        for policy in BackpressureSimulation.demoPolicies {
            let outcome = simulation.run(policy: policy)
            table.append([
                name(policy),
                DemoText.grouped(outcome.queue.highWaterMark),
                DemoText.grouped(outcome.consumed),
                DemoText.grouped(outcome.lost),
                DemoText.fixed(outcome.producerBlockedSeconds) + " s",
                DemoText.grouped(outcome.queue.signalsSent),
                DemoText.duration(nanos: outcome.queueWait.p50),
                DemoText.duration(nanos: outcome.queueWait.p99),
            ])
            verdicts.append("      → " + verdict(outcome, capacity: simulation.capacity))
        }
        let tableLines = table.lines
        out.append("  " + tableLines[0])
        for (row, verdict) in zip(tableLines.dropFirst(), verdicts) {
            out.append("  " + row)
            out.append(verdict)
        }
        out.append("")
        out.append("DECISION MATRIX — there is no correct default; it depends on what the data is worth:")
        var matrix = DemoTable([("", .left), ("", .left), ("", .left)])
        for row in BackpressureDecisionMatrix.rows {
            matrix.append([row.scenario + " (" + row.examples + ")", name(row.policy), row.reason])
        }
        out += matrix.lines.dropFirst().map { "  " + $0 }
        return out
    }

    public static func name(_ policy: BackpressurePolicy) -> String {
        switch policy {
        case .block: return "block"
        case .dropOldest: return "drop oldest"
        case .dropNewest: return "drop newest"
        case let .sample(keep, _): return "sample (keep \(DemoText.fixed(keep * 100, 0)) %)"
        case .signalUpstream: return "signal upstream"
        }
    }

    private static func rate(_ perSecond: Double) -> String { DemoText.grouped(Int(perSecond.rounded())) }

    private static func verdict(_ outcome: BackpressureSimulation.Outcome, capacity: Int) -> String {
        let lost = DemoText.grouped(outcome.lost)
        switch outcome.policy {
        case .block:
            return "nothing lost; the producer waited \(DemoText.fixed(outcome.producerBlockedSeconds)) s, "
                + "so it really sent \(DemoText.grouped(outcome.produced)) messages"
        case .dropOldest:
            return "\(lost) oldest messages discarded; what is delivered is the freshest"
        case .dropNewest:
            return "\(lost) new messages refused; what is delivered has waited longest"
        case let .sample(_, engageAtFill):
            return "\(DemoText.grouped(outcome.queue.sampledOut)) sampled out once the queue was "
                + "\(DemoText.fixed(engageAtFill * 100, 0)) % full; a thinned, evenly spaced stream"
        case let .signalUpstream(highWatermark, _):
            var text = "\(DemoText.grouped(outcome.queue.signalsSent)) slow-down signals; the producer settled at "
                + "\(rate(outcome.finalProducerRatePerSecond)) msg/s, \(lost) lost"
            if outcome.lost > 0 {
                // A signal goes out at the watermark; offers that meet a full queue before the producer
                // has slowed down are refused, and a producer probing back up can meet one again.
                let watermarkMessages = (highWatermark * Double(capacity)).rounded(.up)
                text += watermarkMessages >= Double(capacity)
                    ? " (the \(DemoText.fixed(highWatermark * 100, 0)) % watermark of a \(DemoText.grouped(capacity))-message queue "
                        + "is the full queue itself, so every signal comes with a refused message)"
                    : " (refused by the full queue before the slow-down took effect)"
            }
            return text
        }
    }
}
