import Glibc
import XCTest
@testable import Flow

final class RingBufferTests: XCTestCase {
    func testRingStorageWrapsAroundInFIFOOrder() {
        var ring = RingStorage<Int>(capacity: 3)
        XCTAssertTrue(ring.push(1))
        XCTAssertTrue(ring.push(2))
        XCTAssertTrue(ring.push(3))
        XCTAssertFalse(ring.push(4))
        XCTAssertEqual(ring.pop(), 1)
        XCTAssertTrue(ring.push(4))
        XCTAssertEqual(ring.elements, [2, 3, 4])
        XCTAssertEqual(ring.pushEvictingOldest(5), 2)
        XCTAssertEqual([ring.pop(), ring.pop(), ring.pop(), ring.pop()], [3, 4, 5, nil])
    }

    func testRingBufferReportsSizeCapacityAndUtilization() {
        let buffer = RingBuffer<String>(capacity: 4)
        XCTAssertEqual(buffer.capacity, 4)
        buffer.push("a")
        buffer.push("b")
        XCTAssertEqual(buffer.count, 2)
        XCTAssertEqual(buffer.utilization, 0.5)
        buffer.push("c")
        buffer.push("d")
        XCTAssertFalse(buffer.push("e"))
        XCTAssertEqual(buffer.pushEvictingOldest("e"), "a")
        XCTAssertEqual(buffer.pop(), "b")
        XCTAssertEqual(buffer.utilization, 0.75)
    }

    func testRingBufferLosesNothingWithTwoProducersAndTwoConsumers() {
        let buffer = RingBuffer<Int>(capacity: 16)
        let perProducer = 20_000
        let taken = RingBuffer<Int>(capacity: 2 * perProducer)
        let producers = (0..<2).map { producer in
            FlowThread {
                var value = 0
                while value < perProducer {
                    if buffer.push(producer * perProducer + value) { value += 1 } else { sched_yield() }
                }
            }
        }
        let consumers = (0..<2).map { _ in
            FlowThread {
                let deadline = MonotonicClock().nowNanos() + 20 * Nanos.perSecond
                while taken.count < 2 * perProducer, MonotonicClock().nowNanos() < deadline {
                    if let value = buffer.pop() { taken.push(value) } else { sched_yield() }
                }
            }
        }
        (producers + consumers).forEach { $0.join() }
        var seen = Set<Int>()
        while let value = taken.pop() { seen.insert(value) }
        XCTAssertEqual(seen.count, 2 * perProducer)
    }

    func testSPSCRoundsCapacityToAPowerOfTwo() {
        let buffer = SPSCRingBuffer<Int>(capacity: 5)
        XCTAssertEqual(buffer.capacity, 8)
        for value in 0..<8 { XCTAssertTrue(buffer.push(value)) }
        XCTAssertFalse(buffer.push(8))
        XCTAssertEqual(buffer.count, 8)
        XCTAssertEqual(buffer.utilization, 1)
        XCTAssertEqual(buffer.pop(), 0)
        XCTAssertTrue(buffer.push(8))
        XCTAssertEqual((0..<8).compactMap { _ in buffer.pop() }, Array(1...8))
        XCTAssertNil(buffer.pop())
    }

    func testSPSCTransfersEveryValueInOrderBetweenTwoThreads() {
        let buffer = SPSCRingBuffer<Int>(capacity: 64)
        let total = 50_000
        let producer = FlowThread {
            var value = 0
            while value < total {
                if buffer.push(value) { value += 1 } else { sched_yield() }
            }
        }
        var expected = 0
        var outOfOrder = 0
        let deadline = MonotonicClock().nowNanos() + 20 * Nanos.perSecond
        while expected < total, MonotonicClock().nowNanos() < deadline {
            if let value = buffer.pop() {
                if value != expected { outOfOrder += 1 }
                expected += 1
            } else {
                sched_yield()
            }
        }
        producer.join()
        XCTAssertEqual(expected, total)
        XCTAssertEqual(outOfOrder, 0)
    }

    func testSPSCReleasesElementsLeftInsideOnDeinit() {
        final class Tracked { let onDeinit: () -> Void; init(_ f: @escaping () -> Void) { onDeinit = f }; deinit { onDeinit() } }
        var released = 0
        do {
            let buffer = SPSCRingBuffer<Tracked>(capacity: 4)
            for _ in 0..<3 { _ = buffer.push(Tracked { released += 1 }) }
            _ = buffer.pop()
            XCTAssertEqual(released, 1)
        }
        XCTAssertEqual(released, 3)
    }
}
