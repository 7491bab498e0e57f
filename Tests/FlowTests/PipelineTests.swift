import Glibc
import Synchronization
import XCTest
@testable import Flow

final class PipelineTests: XCTestCase {
    private let finishTimeoutNanos = 10 * Nanos.perSecond

    func testItemsFlowThroughEveryStageInOrder() {
        let next = Mutex(0)
        let received = Mutex<[String]>([])
        let pipeline = Pipeline
            .source("network", bufferCapacity: 100) { () -> Int? in
                next.withLock { value in
                    guard value < 1_000 else { return nil }
                    value += 1
                    return value
                }
            }
            .then("decode", bufferCapacity: 30) { packet in packet % 10 == 0 ? nil : packet * 2 }
            .then("render", bufferCapacity: 3) { frame in "frame \(frame)" }
            .sink("display") { picture in received.withLock { $0.append(picture) } }
        pipeline.start()
        XCTAssertTrue(pipeline.waitUntilFinished(timeoutNanos: finishTimeoutNanos))
        let pictures = received.withLock { $0 }
        XCTAssertEqual(pictures.count, 900)
        XCTAssertEqual(pictures.first, "frame 2")
        XCTAssertEqual(pictures.last, "frame 1998")
        let stats = pipeline.statistics
        XCTAssertEqual(stats.map(\.name), ["network", "decode", "render", "display"])
        XCTAssertEqual(stats.map(\.items), [1_000, 1_000, 900, 900])
        XCTAssertEqual(stats.map(\.bufferCapacity), [100, 30, 3, 0])
        XCTAssertTrue(stats.allSatisfy { $0.bufferCount == 0 && $0.elapsedNanos > 0 })
    }

    func testASlowStageStallsNeighboursOnlyAtItsBuffers() {
        // Decode pauses for 200 ms at item 50. Meanwhile the network keeps filling its 100-slot buffer and
        // the display keeps drawing from the 30 + 3 decoded items already buffered.
        let produced = Atomic<Int>(0)
        let displayed = Atomic<Int>(0)
        let duringPause = Mutex<(sourceAtStart: Int, displayAtStart: Int, sourceAtEnd: Int, displayAtEnd: Int)>((0, 0, 0, 0))
        let pipeline = Pipeline
            .source("network", bufferCapacity: 100) { () -> Int? in
                let value = produced.add(1, ordering: .relaxed).newValue
                return value <= 400 ? value : nil
            }
            .then("decode", bufferCapacity: 30) { (packet: Int) -> Int? in
                if packet == 50 {
                    usleep(20_000)  // let the display settle into its pace
                    let start = (produced.load(ordering: .relaxed), displayed.load(ordering: .relaxed))
                    usleep(200_000)
                    duringPause.withLock {
                        $0 = (start.0, start.1, produced.load(ordering: .relaxed), displayed.load(ordering: .relaxed))
                    }
                }
                return packet
            }
            .then("render", bufferCapacity: 3) { $0 }
            .sink("display") { _ in
                usleep(1_000)  // a display draining at about 1,000 frames per second at best
                displayed.add(1, ordering: .relaxed)
            }
        pipeline.start()
        XCTAssertTrue(pipeline.waitUntilFinished(timeoutNanos: finishTimeoutNanos))
        let pause = duringPause.withLock { $0 }
        // The display went on while decode was stuck, until the decoded buffers ran dry.
        XCTAssertGreaterThanOrEqual(pause.displayAtEnd - pause.displayAtStart, 10)
        XCTAssertLessThanOrEqual(pause.displayAtEnd - pause.displayAtStart, 34)
        // The network filled its buffer (100) behind decode and then was blocked.
        XCTAssertGreaterThanOrEqual(pause.sourceAtEnd, 150)
        XCTAssertLessThanOrEqual(pause.sourceAtEnd, 153)
        let stats = pipeline.statistics
        XCTAssertGreaterThan(stats[0].outputWaitNanos, 100 * Nanos.perMillisecond)  // network blocked
        XCTAssertGreaterThan(stats[3].inputWaitNanos, 100 * Nanos.perMillisecond)  // display starved
        XCTAssertGreaterThan(stats[1].utilization, stats[2].utilization)
    }

    func testStopEndsAnEndlessPipeline() {
        let pipeline = Pipeline
            .source("ticks", bufferCapacity: 8) { () -> Int? in 1 }
            .then("slow", bufferCapacity: 8) { (value: Int) -> Int? in usleep(100); return value }
            .sink("sink") { _ in }
        pipeline.start()
        usleep(20_000)
        pipeline.stop()
        XCTAssertTrue(pipeline.waitUntilFinished(timeoutNanos: finishTimeoutNanos))
        XCTAssertGreaterThan(pipeline.statistics[2].items, 0)
    }
}
