import Glibc
import XCTest
@testable import Flow

final class MeasurementTests: XCTestCase {
    func testSmallValuesAreExact() {
        var histogram = LatencyHistogram()
        for value in 1...100 as ClosedRange<UInt64> { histogram.record(valueNanos: value) }
        XCTAssertEqual(histogram.p50, 50)
        XCTAssertEqual(histogram.p99, 99)
        XCTAssertEqual(histogram.value(atQuantile: 1), 100)
        XCTAssertEqual(histogram.min, 1)
        XCTAssertEqual(histogram.mean, 50.5)
    }

    func testBucketsCoverTheWholeRangeWithBoundedWidth() {
        XCTAssertEqual(LatencyHistogram.bucketIndex(255), 255)
        XCTAssertEqual(LatencyHistogram.bucketIndex(256), 256)
        XCTAssertEqual(LatencyHistogram.bucketIndex(257), 256)  // 256..<258 share a bucket of width 2
        XCTAssertEqual(LatencyHistogram.bucketIndex(.max), LatencyHistogram.bucketCount - 1)
        for value: UInt64 in [300, 1_000, 123_456, 9_876_543_210, 1 << 50 + 12345] {
            let (lower, width) = LatencyHistogram.bucketRange(LatencyHistogram.bucketIndex(value))
            XCTAssertTrue(value >= lower && value - lower < width, "\(value) outside its bucket")
            XCTAssertLessThanOrEqual(Double(width) / Double(lower), 1.0 / 128)
        }
    }

    func testPercentilesOfAMillionSamplesAreWithinOnePercent() {
        var random = SplitMix64(seed: 42)
        var histogram = LatencyHistogram()
        // Log-uniform latencies from 1 µs to 1 s: every bucket scale is exercised.
        var samples = (0..<1_000_000).map { _ -> UInt64 in
            let exponent = Double.random(in: 3..<9, using: &random)
            return UInt64(pow(10, exponent))
        }
        for value in samples { histogram.record(valueNanos: value) }
        samples.sort()
        for quantile in [0.5, 0.9, 0.99, 0.999, 0.9999] {
            let exact = Double(samples[Int((quantile * Double(samples.count)).rounded(.up)) - 1])
            let estimate = Double(histogram.value(atQuantile: quantile))
            XCTAssertEqual(estimate, exact, accuracy: exact * 0.01, "q=\(quantile)")
        }
        XCTAssertEqual(histogram.count, 1_000_000)
        XCTAssertEqual(histogram.max, samples.last)
    }

    func testMergeAndSharedRecordingFromManyThreads() {
        let shared = SharedLatencyHistogram()
        let threads = (0..<4).map { worker in
            FlowThread {
                for value in 0..<10_000 { shared.record(valueNanos: UInt64(worker * 10_000 + value)) }
            }
        }
        threads.forEach { $0.join() }
        let snapshot = shared.snapshotAndReset()
        XCTAssertEqual(snapshot.count, 40_000)
        XCTAssertEqual(snapshot.max, 39_999)
        XCTAssertEqual(shared.snapshot().count, 0)
        var merged = LatencyHistogram()
        merged.merge(snapshot)
        merged.merge(snapshot)
        XCTAssertEqual(merged.count, 80_000)
        XCTAssertEqual(Double(merged.p50), 20_000, accuracy: 200)
    }

    func testRateWindowCountsWholeSecondsAndAverages() {
        var window = RateWindow(windowSeconds: 10, smoothingSeconds: 1)
        let second = Nanos.perSecond
        for index in 0..<100 { window.mark(atNanos: UInt64(index) * second / 100) }  // 100 in second 0
        window.mark(50, atNanos: second + 1)  // 50 in second 1
        window.advance(toNanos: 4 * second)  // seconds 2 and 3 were empty
        XCTAssertEqual(window.perSecondCounts, [100, 50, 0, 0])
        XCTAssertEqual(window.ratePerSecond(overLastSeconds: 2), 0)
        XCTAssertEqual(window.ratePerSecond(overLastSeconds: 4), 37.5)
        XCTAssertEqual(window.lastSecondCount, 0)
        XCTAssertEqual(window.total, 150)
        // EWMA with τ = 1 s: 100, then 100 + (1 − 1/e)(50 − 100), then decays toward 0.
        let factor = 1 - exp(-1.0)
        var expected = 100.0
        for count in [50.0, 0, 0] { expected += factor * (count - expected) }
        XCTAssertEqual(window.exponentialRatePerSecond ?? -1, expected, accuracy: 1e-9)
    }

    func testRateMeterOnAManualClock() {
        let clock = ManualClock()
        let meter = RateMeter(windowSeconds: 5, clock: clock)
        for _ in 0..<3 {
            meter.mark(8_000)
            clock.advance(byNanos: Nanos.perSecond)
        }
        XCTAssertEqual(meter.ratePerSecond(overLastSeconds: 3), 8_000)
        XCTAssertEqual(meter.total, 24_000)
        XCTAssertEqual(meter.exponentialRatePerSecond, 8_000, accuracy: 1e-9)
        clock.advance(byNanos: 10 * Nanos.perSecond)
        XCTAssertEqual(meter.ratePerSecond(overLastSeconds: 5), 0)
    }
}
