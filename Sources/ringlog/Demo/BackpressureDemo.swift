import Flow

/// `ringlog demo backpressure`: Slides 13–14 of the storyboard.
enum BackpressureDemo {
    /// Assumed message size for the memory column of the unbounded backlog.
    static let messageBytes = 1_024

    static func run(_ arguments: ArraySlice<String>) -> [String] {
        var options = DemoOptions(arguments, flagNames: [])
        let producer = options.double("producer", default: 10_000)
        let consumer = options.double("consumer", default: 8_000)
        let capacity = options.int("capacity", default: 10_000)
        let seconds = options.int("seconds", default: 60)
        var problems = options.allProblems
        if producer <= 0 || consumer <= 0 || producer > 10_000_000 || consumer > 10_000_000 {
            problems.append("--producer and --consumer must be in 1...10000000 msg/s")
        }
        if capacity < 1 || capacity > 100_000_000 { problems.append("--capacity must be in 1...100000000") }
        if seconds < 1 || seconds > 3_600 { problems.append("--seconds must be in 1...3600") }
        guard problems.isEmpty else { return problems }

        let simulation = BackpressureSimulation(producerRatePerSecond: producer, consumerRatePerSecond: consumer,
                                                capacity: capacity, durationSeconds: seconds)
        print("BACKPRESSURE DEMO: producer \(DemoText.grouped(Int(producer))) msg/s, consumer "
              + "\(DemoText.grouped(Int(consumer))) msg/s, gap \(DemoText.grouped(Int(max(0, producer - consumer)))) msg/s")
        print("")
        print("NO BOUND — the backlog only grows (memory at \(messageBytes) B per message):")
        for (label, hours) in [("after 1 h", 1.0), ("after 6 h", 6.0), ("after 24 h", 24.0)] {
            let backlog = simulation.unboundedBacklog(afterSeconds: hours * 3_600)
            let gib = backlog * Double(messageBytes) / Double(1 << 30)
            print("  " + DemoText.padRight(label, 12) + DemoText.padLeft(DemoText.grouped(Int(backlog)), 13)
                  + " messages  " + DemoText.padLeft(DemoText.fixed(gib), 7) + " GiB")
        }
        print("  … until the process runs out of memory.")
        print("")
        print("BOUNDED QUEUE OF \(DemoText.grouped(capacity)) — \(seconds) s simulated per policy (1 ms steps):")
        let header = [("policy", 22, false), ("peak", 8, true), ("delivered", 11, true), ("lost", 9, true),
                      ("blocked", 9, true), ("signals", 8, true), ("wait p50", 10, true), ("wait p99", 10, true)]
        print("  " + header.map { $0.2 ? DemoText.padLeft($0.0, $0.1) : DemoText.padRight($0.0, $0.1) }.joined())
        for policy in BackpressureSimulation.demoPolicies {
            let outcome = simulation.run(policy: policy)
            let columns = [
                DemoText.padRight(name(policy), 22),
                DemoText.padLeft(DemoText.grouped(outcome.queue.highWaterMark), 8),
                DemoText.padLeft(DemoText.grouped(outcome.consumed), 11),
                DemoText.padLeft(DemoText.grouped(outcome.lost), 9),
                DemoText.padLeft(DemoText.fixed(outcome.producerBlockedSeconds) + " s", 9),
                DemoText.padLeft(DemoText.grouped(outcome.queue.signalsSent), 8),
                DemoText.padLeft(DemoText.duration(nanos: outcome.queueWait.p50), 10),
                DemoText.padLeft(DemoText.duration(nanos: outcome.queueWait.p99), 10),
            ]
            print("  " + columns.joined())
            print("      → " + verdict(outcome))
        }
        print("")
        print("DECISION MATRIX — there is no correct default; it depends on what the data is worth:")
        for row in BackpressureDecisionMatrix.rows {
            print("  " + DemoText.padRight(row.scenario + " (" + row.examples + ")", 44)
                  + DemoText.padRight(name(row.policy), 22) + row.reason)
        }
        return []
    }

    static func name(_ policy: BackpressurePolicy) -> String {
        switch policy {
        case .block: return "block"
        case .dropOldest: return "drop oldest"
        case .dropNewest: return "drop newest"
        case let .sample(keep, _): return "sample (keep \(DemoText.fixed(keep * 100, 0)) %)"
        case .signalUpstream: return "signal upstream"
        }
    }

    private static func verdict(_ outcome: BackpressureSimulation.Outcome) -> String {
        let lost = DemoText.grouped(outcome.lost)
        switch outcome.policy {
        case .block:
            return "nothing lost; the producer waited \(DemoText.fixed(outcome.producerBlockedSeconds)) s, "
                + "so it really sent \(DemoText.grouped(outcome.produced)) messages"
        case .dropOldest:
            return "\(lost) oldest messages discarded; what is delivered is the freshest"
        case .dropNewest:
            return "\(lost) new messages refused; what is delivered has waited longest"
        case .sample:
            return "\(DemoText.grouped(outcome.queue.sampledOut)) sampled out once the queue was half full; "
                + "a thinned, evenly spaced stream"
        case .signalUpstream:
            return "\(DemoText.grouped(outcome.queue.signalsSent)) slow-down signals; the producer settled at "
                + "\(DemoText.grouped(Int(outcome.finalProducerRatePerSecond.rounded()))) msg/s, \(lost) lost"
        }
    }
}
