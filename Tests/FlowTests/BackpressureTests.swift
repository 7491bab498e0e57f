import XCTest
import Glibc
@testable import Flow

final class BackpressureTests: XCTestCase {
    func testUnboundedBacklogMatchesTheStoryboard() {
        let simulation = BackpressureSimulation()
        XCTAssertEqual(simulation.unboundedBacklog(afterSeconds: 3_600), 7_200_000)
        XCTAssertEqual(simulation.unboundedBacklog(afterSeconds: 6 * 3_600), 43_200_000)
        XCTAssertEqual(simulation.unboundedBacklog(afterSeconds: 24 * 3_600), 172_800_000)
    }

    func testBlockLosesNothingAndSlowsTheProducerToTheConsumer() {
        let outcome = BackpressureSimulation(durationSeconds: 20).run(policy: .block)
        XCTAssertEqual(outcome.lost, 0)
        XCTAssertLessThanOrEqual(outcome.queue.highWaterMark, 10_000)
        // Full after 5 s (10,000 / 2,000 per s); then blocked 20 % of each second.
        XCTAssertEqual(outcome.producerBlockedSeconds, 15 * 0.2, accuracy: 0.1)
        XCTAssertEqual(outcome.consumed, 160_000)
        XCTAssertEqual(outcome.produced, outcome.consumed + UInt64(outcome.queue.count))
    }

    func testDropPoliciesLoseTheExcessOnceFull() {
        let simulation = BackpressureSimulation(durationSeconds: 20)
        let oldest = simulation.run(policy: .dropOldest)
        let newest = simulation.run(policy: .dropNewest)
        for outcome in [oldest, newest] {
            XCTAssertEqual(outcome.produced, 200_000)
            XCTAssertEqual(outcome.consumed, 160_000)
            // 2,000 per second over the 15 s after the queue fills.
            XCTAssertEqual(Double(outcome.lost), 30_000, accuracy: 20)
            XCTAssertEqual(outcome.queue.highWaterMark, 10_000)
        }
        XCTAssertEqual(oldest.queue.droppedNewest, 0)
        XCTAssertEqual(newest.queue.droppedOldest, 0)
    }

    func testSampleKeepsTheConfiguredFractionUnderPressure() {
        let queue = BoundedQueue<Int>(capacity: 10, policy: .sample(keepFraction: 0.25, engageAtFill: 0))
        var kept = 0
        for value in 0..<8 where queue.tryOffer(value).isQueued { kept += 1 }
        XCTAssertEqual(kept, 2)
        XCTAssertEqual(queue.stats.sampledOut, 6)
        let outcome = BackpressureSimulation(durationSeconds: 20).run(policy: .sample(keepFraction: 0.1))
        XCTAssertLessThanOrEqual(outcome.queue.highWaterMark, 5_001)
        XCTAssertGreaterThan(outcome.queue.sampledOut, 0)
        XCTAssertEqual(outcome.queue.droppedNewest, 0)
    }

    func testSignalUpstreamSlowsTheProducerWithoutLoss() {
        let outcome = BackpressureSimulation(durationSeconds: 60).run(policy: .signalUpstream())
        XCTAssertEqual(outcome.lost, 0)
        XCTAssertGreaterThan(outcome.queue.signalsSent, 0)
        XCTAssertLessThan(outcome.queue.highWaterMark, 10_000)
        XCTAssertEqual(outcome.finalProducerRatePerSecond, 8_000, accuracy: 800)
    }

    func testBlockingOfferWaitsForAConsumerThread() {
        let queue = BoundedQueue<Int>(capacity: 1, policy: .block)
        XCTAssertEqual(queue.offer(1), .accepted)
        let consumer = FlowThread {
            var spins = 0
            while queue.count == 1, spins < 1_000 { usleep(1_000); spins += 1 }
            _ = queue.take(timeoutNanos: Nanos.perSecond)
        }
        XCTAssertEqual(queue.offer(2, timeoutNanos: 5 * Nanos.perSecond), .accepted)
        consumer.join()
        XCTAssertEqual(queue.offer(3, timeoutNanos: 10 * Nanos.perMillisecond), .full)
        XCTAssertEqual(queue.stats.refusedFull, 1)
        XCTAssertGreaterThan(queue.stats.blockedNanos, 0)
        queue.close()
        XCTAssertEqual(queue.offer(4), .closed)
        XCTAssertEqual(queue.take(), 2)
        XCTAssertNil(queue.take())
    }

    func testEveryOfferIsCountedOnce() {
        let queue = BoundedQueue<Int>(capacity: 3, policy: .dropOldest)
        for value in 0..<10 { _ = queue.tryOffer(value) }
        let stats = queue.stats
        XCTAssertEqual(stats.accepted, 10)
        XCTAssertEqual(stats.droppedOldest, 7)
        XCTAssertEqual([queue.tryTake(), queue.tryTake(), queue.tryTake()], [7, 8, 9])
    }
}
