import Glibc
import XCTest
@testable import Flow

final class JitterBufferTests: XCTestCase {
    private let storyboard = JitterSimulation.arrivals(atTimesMs: JitterSimulation.storyboardArrivalTimesMs,
                                                       framesPerSecond: 30)

    func testWithoutBufferFramesTwoToSixAreLateByTheStoryboardAmounts() {
        let result = JitterSimulation.run(
            arrivals: storyboard,
            configuration: JitterBufferConfiguration(framesPerSecond: 30, targetDelay: .milliseconds(0)))
        let lateness = result.playedLateness
        XCTAssertEqual(lateness.map(\.sequence), [1, 2, 3, 4, 5, 6])
        let expected = [0, 16.7, 13.3, 50, 26.7, 83.3]
        for (measured, want) in zip(lateness.map(\.lateByMs), expected) {
            XCTAssertEqual(measured, want, accuracy: 0.05)
        }
        XCTAssertEqual(result.statistics.framesLate, 5)
        XCTAssertEqual(result.statistics.framesPlayedLate, 5)
    }

    func testWithoutBufferThePictureFreezesWhileEachLateFrameIsAwaited() {
        let result = JitterSimulation.run(
            arrivals: storyboard,
            configuration: JitterBufferConfiguration(framesPerSecond: 30, targetDelay: .milliseconds(0)))
        // Frame k is due at (k-1)·33.3 ms; the picture is stuck from the due time (or from the previous
        // frame, if that was shown later) until the frame arrives.
        let expected: [(Double, Double)] = [(33.3, 50), (66.7, 80), (100, 150), (150, 160), (166.7, 250)]
        XCTAssertEqual(result.freezes.count, expected.count)
        for (freeze, want) in zip(result.freezes, expected) {
            XCTAssertEqual(freeze.startMs, want.0, accuracy: 0.05)
            XCTAssertEqual(freeze.endMs, want.1, accuracy: 0.05)
        }
        XCTAssertEqual(result.statistics.freezeCount, 5)
        let missing = result.events.compactMap { event -> UInt64? in
            if case let .missing(sequence) = event.kind { return sequence }
            return nil
        }
        XCTAssertEqual(missing, [2, 3, 4, 5, 6])
        XCTAssertEqual(result.statistics.freezeTotalMs, 173.3, accuracy: 0.05)
        XCTAssertEqual(result.statistics.longestFreezeMs, 83.3, accuracy: 0.05)
    }

    func testHundredMillisecondDelayPlaysEveryFrameOnTimeAfterBuffering() {
        let result = JitterSimulation.run(
            arrivals: storyboard,
            configuration: JitterBufferConfiguration(framesPerSecond: 30, targetDelay: .milliseconds(100)))
        let played = result.events.compactMap { event -> (UInt64, Double, Double)? in
            if case let .played(sequence, late) = event.kind { return (sequence, event.timeMs, late) }
            return nil
        }
        XCTAssertEqual(played.map(\.0), [1, 2, 3, 4, 5, 6])
        for (index, frame) in played.enumerated() {
            XCTAssertEqual(frame.1, 100 + Double(index) * 1000 / 30, accuracy: 1e-9)
            XCTAssertEqual(frame.2, 0)
        }
        XCTAssertEqual(result.statistics.framesLate, 0)
        XCTAssertEqual(result.statistics.freezeCount, 0)
        XCTAssertEqual(result.statistics.prefillMs, 100)
        XCTAssertEqual(result.events.first?.kind, .arrived(sequence: 1))
        XCTAssertTrue(result.events.contains(JitterTimelineEvent(timeMs: 0, kind: .buffering)))
        // Level: frames 1–3 are waiting when playback starts at 100 ms.
        XCTAssertEqual(result.statistics.maxLevel, 3)
    }

    func testOutOfOrderFramesAreReordered() {
        let buffer = JitterBuffer<String>(configuration: JitterBufferConfiguration(targetDelay: .frames(3)))
        XCTAssertEqual(buffer.receive(JitterFrame(sequence: 11, captureTimeMs: 33, payload: "b"), atMs: 0), .buffered)
        XCTAssertEqual(buffer.receive(JitterFrame(sequence: 10, captureTimeMs: 0, payload: "a"), atMs: 5), .buffered)
        XCTAssertEqual(buffer.receive(JitterFrame(sequence: 11, captureTimeMs: 33, payload: "b"), atMs: 6), .duplicate)
        if case .buffering = buffer.poll(atMs: 7) {} else { XCTFail("should still be buffering") }
        XCTAssertEqual(buffer.receive(JitterFrame(sequence: 12, captureTimeMs: 66, payload: "c"), atMs: 10), .buffered)
        var order: [String] = []
        var now = 10.0
        while order.count < 3, now < 200 {
            if case let .play(frame, _, _) = buffer.poll(atMs: now) { order.append(frame.payload) } else { now += 1 }
        }
        XCTAssertEqual(order, ["a", "b", "c"])
    }

    func testDropPolicyDiscardsLateFramesAndKeepsTheClock() {
        let result = JitterSimulation.run(
            arrivals: storyboard,
            configuration: JitterBufferConfiguration(framesPerSecond: 30, targetDelay: .milliseconds(0), latePolicy: .drop))
        XCTAssertEqual(result.playedLateness.map(\.sequence), [1])
        XCTAssertEqual(result.statistics.framesDroppedLate, 5)
        XCTAssertEqual(result.statistics.framesSkipped, 5)
        // One long freeze from frame 2's slot to the end of the stream.
        XCTAssertEqual(result.statistics.freezeCount, 1)
        XCTAssertEqual(result.freezes.first?.startMs ?? 0, 33.3, accuracy: 0.05)
    }

    func testPlayLateSkipsAMissingFrameOnceALaterFrameIsDue() {
        // Frame 2 is lost; frame 3 arrives on time. The player must not wait forever for frame 2.
        let arrivals = JitterSimulation.arrivals(atTimesMs: [0, 0, 60], framesPerSecond: 30)
        let lost = [arrivals[0], arrivals[2]]
        let result = JitterSimulation.run(
            arrivals: lost, configuration: JitterBufferConfiguration(framesPerSecond: 30, targetDelay: .milliseconds(0)))
        XCTAssertEqual(result.playedLateness.map(\.sequence), [1, 3])
        XCTAssertEqual(result.statistics.framesSkipped, 1)
        XCTAssertEqual(result.freezes.first?.durationMs ?? 0, 1000.0 / 30, accuracy: 1e-9)
    }

    func testAdaptationGrowsTheDelaySoRepeatedJitterStopsFreezing() {
        // Every fourth frame arrives 50 ms late; a 20 ms buffer freezes on each without adaptation.
        let arrivals = (0..<60).map { index -> JitterArrival in
            let capture = Double(index) * 1000 / 30
            return JitterArrival(sequence: UInt64(index + 1), captureTimeMs: capture,
                                 arrivalMs: capture + (index % 4 == 3 ? 50 : 0))
        }
        let fixed = JitterSimulation.run(arrivals: arrivals, configuration: JitterBufferConfiguration(
            framesPerSecond: 30, targetDelay: .milliseconds(20)))
        let adaptive = JitterSimulation.run(arrivals: arrivals, configuration: JitterBufferConfiguration(
            framesPerSecond: 30, targetDelay: .milliseconds(20), adaptation: DelayAdaptation(safetyMarginMs: 5, minDelayMs: 20)))
        XCTAssertEqual(fixed.statistics.freezeCount, 15)
        // The first late frame slips the clock to 50 + 5 ms; none of the 14 spikes after it freezes.
        XCTAssertEqual(adaptive.statistics.freezeCount, 1)
        XCTAssertEqual(adaptive.freezes.first?.startMs ?? 0, 120, accuracy: 1e-9)
        XCTAssertEqual(adaptive.statistics.currentDelayMs, 55, accuracy: 1e-9)
        XCTAssertGreaterThan(adaptive.statistics.jitterMs, 0)
    }

    func testRandomArrivalsRepeatForASeed() {
        let first = JitterSimulation.randomArrivals(count: 50, framesPerSecond: 60, jitterMs: 40, seed: 7)
        let second = JitterSimulation.randomArrivals(count: 50, framesPerSecond: 60, jitterMs: 40, seed: 7)
        XCTAssertEqual(first, second)
        XCTAssertEqual(first.first?.arrivalMs, 0)
        let result = JitterSimulation.run(arrivals: first, configuration: JitterBufferConfiguration(
            framesPerSecond: 60, targetDelay: .milliseconds(50)))
        XCTAssertEqual(result.statistics.framesPlayed, 50)
        XCTAssertEqual(result.statistics.framesLate, 0)
    }
}

final class JitterBufferThreadingTests: XCTestCase {
    func testANetworkThreadAndARenderThreadShareTheBuffer() {
        // 200 frames at 1,000 fps with a 20 ms cushion, on the real clock: the network thread sends,
        // this thread renders. Whatever the machine's load, frames come out in order and each slot is
        // accounted for exactly once: played, or skipped (under `.playLate` a frame is dropped only after
        // its slot was skipped).
        let frameCount: UInt64 = 200
        let buffer = JitterBuffer<UInt64>(configuration: JitterBufferConfiguration(
            framesPerSecond: 1_000, targetDelay: .milliseconds(20), capacityFrames: 256))
        let clock = MonotonicClock()
        let origin = clock.nowNanos()
        func nowMs() -> Double { Double(clock.nowNanos() - origin) / 1e6 }
        let network = FlowThread {
            for sequence in 1...frameCount {
                buffer.receive(JitterFrame(sequence: sequence, captureTimeMs: Double(sequence - 1), payload: sequence),
                               atMs: nowMs())
                usleep(1_000)
            }
        }
        var played: [UInt64] = []
        let deadlineMs = 10_000.0
        while nowMs() < deadlineMs {
            if case let .play(frame, _, _) = buffer.poll(atMs: nowMs()) {
                played.append(frame.payload)
                continue
            }
            if let position = buffer.nextSequenceToPlay, position > frameCount { break }
            usleep(200)
        }
        network.join()
        let stats = buffer.stats
        XCTAssertEqual(played, played.sorted())
        XCTAssertEqual(Set(played).count, played.count)
        XCTAssertGreaterThan(played.count, 0)
        XCTAssertEqual(stats.framesReceived, frameCount)
        XCTAssertEqual(UInt64(played.count) + stats.framesSkipped, frameCount)
        XCTAssertEqual(stats.framesPlayed, UInt64(played.count))
    }
}
