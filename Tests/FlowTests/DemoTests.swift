import XCTest
@testable import Flow

/// Bugs a tester found in `ringlog demo`, each as the behaviour it should have had.
final class JitterDemoTests: XCTestCase {
    private func storyboard(fps: Double) -> [JitterArrival] {
        JitterSimulation.arrivals(atTimesMs: JitterSimulation.storyboardArrivalTimesMs, framesPerSecond: fps)
    }

    private func missing(_ result: JitterSimulationResult) -> [(sequence: UInt64, timeMs: Double)] {
        result.events.compactMap {
            if case let .missing(sequence) = $0.kind { return (sequence, $0.timeMs) }
            return nil
        }
    }

    func testTimelineNamesTheFrameThePictureWaitsForAndNoFrameBeyondTheStream() {
        // At 60 fps the slots come twice as fast as the storyboard's frames: the picture still waits for
        // frame 2, then 3, ... — never for "frame 10" of a 6-frame stream.
        let result = JitterSimulation.run(arrivals: storyboard(fps: 60), configuration: JitterBufferConfiguration(
            framesPerSecond: 60, targetDelay: .milliseconds(0)))
        let awaited = missing(result)
        XCTAssertEqual(awaited.map(\.sequence), [2, 3, 4, 5, 6])
        for (event, want) in zip(awaited.map(\.timeMs), [16.7, 50, 80, 150, 160]) {
            XCTAssertEqual(event, want, accuracy: 0.05)
        }
        // Each wait begins when the frame before it has been shown.
        var lastPlayed: UInt64 = 0
        for event in result.events {
            switch event.kind {
            case let .played(sequence, _): lastPlayed = sequence
            case let .missing(sequence): XCTAssertEqual(sequence, lastPlayed + 1)
            default: break
            }
        }
        // The freezes are the waits, one each.
        XCTAssertEqual(result.freezes.map(\.startMs).map { ($0 * 10).rounded() / 10 }, [16.7, 50, 80, 150, 160])
    }

    func testEveryLateFrameIsCountedAndListedOnceWithItsReason() {
        for policy in [LateFramePolicy.playLate, .drop] {
            for seed in UInt64(1)...20 {
                let arrivals = JitterSimulation.randomArrivals(count: 40, framesPerSecond: 30, jitterMs: 80, seed: seed)
                let result = JitterSimulation.run(arrivals: arrivals, configuration: JitterBufferConfiguration(
                    framesPerSecond: 30, targetDelay: .milliseconds(0), latePolicy: policy))
                XCTAssertEqual(UInt64(result.lateFrames.count), result.statistics.framesLate, "seed \(seed)")
                XCTAssertEqual(UInt64(result.lateFrames.filter(\.wasPlayed).count), result.statistics.framesPlayedLate)
                XCTAssertEqual(UInt64(result.lateFrames.filter { !$0.wasPlayed }.count), result.statistics.framesDroppedLate)
            }
        }
        // The tester's two runs: the summary's late count equals the frames it lists.
        for arguments in [["--random", "10", "--seed", "42"], ["--arrivals", "100,0,50"]] {
            let output = JitterDemoReport.run(arguments)
            XCTAssertEqual(output.problems, [])
            let summaries = output.lines.filter { $0.hasPrefix("  Played ") }
            XCTAssertEqual(summaries.count, 2)
            for summary in summaries {
                let lateCount = Int(summary.split(separator: "late: ")[1].prefix { $0.isNumber })!
                XCTAssertEqual(summary.filter { $0 == "#" }.count, lateCount, summary)
            }
            XCTAssertTrue(summaries[0].contains("dropped because a later frame was already shown"), summaries[0])
            XCTAssertTrue(output.lines.contains { $0.contains("dropped: arrived") && $0.contains("was already shown") })
        }
        let storyboardRun = JitterDemoReport.run([String]())
        XCTAssertTrue(storyboardRun.lines.contains(
            "  Played 6 of 6; late: 5 — 5 played late (#2 16.7, #3 13.3, #4 50.0, #5 26.7, #6 83.3 ms); slots given up: 0"))
    }

    func testAFrameOnItsSlotIsOnTimeDespiteFloatingPointRounding() {
        // With no jitter every frame lands on its slot: nothing late, nothing frozen.
        let steady = JitterSimulation.randomArrivals(count: 5, framesPerSecond: 30, jitterMs: 0, seed: 1)
        let result = JitterSimulation.run(arrivals: steady, configuration: JitterBufferConfiguration(
            framesPerSecond: 30, targetDelay: .milliseconds(0)))
        XCTAssertEqual(result.statistics.framesLate, 0)
        XCTAssertEqual(result.statistics.freezeCount, 0)
        XCTAssertTrue(missing(result).isEmpty)
        // An arrival a rounding error after its slot (0.1 ns) is on time too.
        let nearly = (0..<5).map { (index: Int) -> JitterArrival in
            let slot: Double = Double(index) * 1000 / 30
            let error: Double = index == 2 ? 1e-7 : 0
            return JitterArrival(sequence: UInt64(index + 1), captureTimeMs: slot, arrivalMs: slot + error)
        }
        let rounded = JitterSimulation.run(arrivals: nearly, configuration: JitterBufferConfiguration(
            framesPerSecond: 30, targetDelay: .milliseconds(0)))
        XCTAssertEqual(rounded.statistics.framesLate, 0)
        XCTAssertEqual(rounded.statistics.freezeCount, 0)
        XCTAssertEqual(rounded.playedLateness.map { $0.lateByMs }, [0, 0, 0, 0, 0])
        let text = JitterDemoReport.run(["--random", "5", "--jitter-ms", "0"]).lines
        XCTAssertFalse(text.contains { $0.contains("LATE") || $0.contains("FREEZE") })
    }

    func testJitterOptionsAreValidatedConsistently() {
        func problems(_ arguments: [String]) -> [String] { JitterDemoReport.run(arguments).problems }
        XCTAssertEqual(problems(["--jitter-ms", "-1", "--random", "5"]), ["--jitter-ms must be in 0...10000"])
        XCTAssertEqual(problems(["--random", "0"]), ["--random must be in 1...10000"])
        XCTAssertEqual(problems(["--random", "-3"]), ["--random must be in 1...10000"])
        XCTAssertEqual(problems(["--random", "3", "--arrivals", "1,2"]),
                       ["--random and --arrivals cannot be used together: pick random or given arrival times"])
        XCTAssertEqual(problems(["--bogus"]), ["unknown option --bogus"])
        XCTAssertEqual(problems(["--bogus", "7"]), ["unknown option --bogus"])
        XCTAssertEqual(problems(["--fps"]), ["option --fps needs a value"])
        XCTAssertEqual(problems(["--fps", "nan"]), ["--fps expects a number, got 'nan'"])
        XCTAssertEqual(problems(["--fps", "0.5"]), ["--fps must be in 1...1000"])
        XCTAssertEqual(problems(["--seed", "3"]), ["--seed needs --random"])
        XCTAssertEqual(problems(["--arrivals", "0,,5"]), ["--arrivals expects up to 10000 comma-separated non-negative times in ms"])
        XCTAssertEqual(problems(["--random", "5", "--jitter-ms", "0", "--seed", "9", "--drop-late", "--adaptive"]), [])
    }
}

final class BackpressureDemoTests: XCTestCase {
    func testColumnsAreSizedToTheirContentSoNumbersNeverRunTogether() {
        var table = DemoTable([("policy", .left), ("delivered", .right), ("lost", .right)])
        table.append(["block", "480,000", "5,510,008"])
        XCTAssertEqual(table.lines, ["policy  delivered       lost", "block     480,000  5,510,008"])

        XCTAssertEqual(DemoText.duration(nanos: 999_999_999), "1.00 s")
        XCTAssertEqual(DemoText.duration(nanos: 999_999), "1.0 ms")

        let output = BackpressureDemoReport.run(["--producer", "1e5", "--seconds", "2"])
        XCTAssertEqual(output.problems, [])
        let header = output.lines.firstIndex { $0.hasPrefix("  policy") }!
        let rows = [output.lines[header]] + stride(from: header + 1, to: header + 11, by: 2).map { output.lines[$0] }
        for row in rows {
            // Cells are separated by at least two spaces; no cell holds two.
            let cells = row.split(separator: "  ", omittingEmptySubsequences: true).map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
            XCTAssertEqual(cells.count, 8, row)
        }
    }

    func testWhenTheConsumerKeepsUpTheBacklogIsSaidNotToGrow() {
        for producer in ["8000", "5000"] {
            let text = BackpressureDemoReport.run(["--producer", producer, "--consumer", "8000", "--seconds", "1"]).lines
            XCTAssertFalse(text.contains { $0.contains("runs out of memory") || $0.contains("gap 0") })
            XCTAssertTrue(text[0].hasSuffix("the consumer keeps up"), text[0])
            XCTAssertTrue(text.contains { $0.contains("the backlog does") } && text.contains { $0.contains("not grow") })
        }
        let outrun = BackpressureDemoReport.run(["--seconds", "1"]).lines
        XCTAssertTrue(outrun[0].hasSuffix("gap 2,000 msg/s"))
        XCTAssertTrue(outrun.contains("  … until the process runs out of memory."))
    }

    func testAOneMessageQueueStillDeliversAtTheConsumersRate() {
        // With 1 ms steps the consumer could take only one message per step from a queue of one.
        let simulation = BackpressureSimulation(capacity: 1, durationSeconds: 5)
        for policy in [BackpressurePolicy.block, .dropOldest, .dropNewest, .sample(keepFraction: 0.1)] {
            let outcome = simulation.run(policy: policy)
            XCTAssertEqual(outcome.consumed, 40_000, "\(policy)")
            XCTAssertEqual(outcome.queue.highWaterMark, 1)
        }
        let block = simulation.run(policy: .block)
        XCTAssertEqual(block.lost, 0)
        XCTAssertEqual(block.producerBlockedSeconds, 5 * 0.2, accuracy: 0.01)
        // A slowed producer sometimes leaves the consumer a moment idle, so it delivers a little less.
        let signal = simulation.run(policy: .signalUpstream())
        XCTAssertEqual(Double(signal.consumed), 40_000, accuracy: 400)
        XCTAssertEqual(signal.finalProducerRatePerSecond, 8_000, accuracy: 800)
    }
}

final class PartitionsDemoTests: XCTestCase {
    func testExpectedModuloMovesCountTheResiduesThatStay() {
        for n in 1...24 {
            for m in 1...24 {
                let lcm = (1...(n * m)).first { $0 % n == 0 && $0 % m == 0 }!
                let stay = (0..<lcm).filter { $0 % n == $0 % m }.count
                XCTAssertEqual(PartitionMoveReport.expectedMovedFractionWithModulo(from: n, to: m),
                               1 - Double(stay) / Double(lcm), accuracy: 1e-12, "\(n) → \(m)")
            }
        }
        XCTAssertEqual(PartitionMoveReport.expectedMovedFractionWithModulo(from: 12, to: 13), 12.0 / 13, accuracy: 1e-12)
        XCTAssertEqual(PartitionMoveReport.expectedMovedFractionWithModulo(from: 1, to: 100), 0.99, accuracy: 1e-12)
        XCTAssertEqual(PartitionMoveReport.expectedMovedFractionWithModulo(from: 12, to: 24), 0.5, accuracy: 1e-12)
        XCTAssertEqual(PartitionMoveReport.expectedMovedFractionWithRing(from: 12, to: 13), 1.0 / 13, accuracy: 1e-12)
    }

    func testTheDemoPrintsTheExactExpectationAndAConclusionFromTheNumbers() {
        let growToHundred = PartitionsDemoReport.run(["--from", "1", "--to", "100", "--keys", "5000"]).lines
        let modulo = growToHundred.first { $0.hasPrefix("    keys moved") }!
        XCTAssertTrue(modulo.contains("1 − 1/lcm(1, 100) = 1 − 1/100 = 99.0 %"), modulo)
        XCTAssertFalse(growToHundred.contains { $0.contains("1/100 = 1.0 %") })

        let storyboard = PartitionsDemoReport.run(["--keys", "5000"]).lines
        XCTAssertTrue(storyboard.contains { $0.contains("= 1 − 12/156 = 92.3 %") })
        XCTAssertTrue(storyboard.contains { $0.contains("almost every key changes partition (92.3 %)") })

        let doubling = PartitionsDemoReport.run(["--from", "12", "--to", "24", "--keys", "5000"]).lines
        XCTAssertFalse(doubling.contains { $0.contains("almost every key") })
        XCTAssertTrue(doubling.contains { $0.contains("most keys change partition (50.0 %)") && $0.contains("24 is a multiple of 12") })
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var text = self
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return text
    }
}
