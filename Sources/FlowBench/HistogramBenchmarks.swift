import Flow
import Glibc

enum HistogramBenchmarks {
    /// Log-uniform latencies between 1 µs and 1 s, from a fixed seed.
    static func samples(count: Int, seed: UInt64) -> [UInt64] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in UInt64(pow(10, Double.random(in: 3..<9, using: &random))) }
    }

    static func recordNanosPerValue(values: [UInt64], rounds: Int) -> (nanos: Double, checksum: UInt64) {
        var histogram = LatencyHistogram()
        let start = MonotonicClock().nowNanos()
        for _ in 0..<rounds {
            for value in values { histogram.record(valueNanos: value) }
        }
        let elapsed = MonotonicClock().nowNanos() - start
        return (Double(elapsed) / Double(values.count * rounds), histogram.p99)
    }

    static func sharedRecordNanosPerValue(values: [UInt64], rounds: Int, threads: Int) -> (nanos: Double, checksum: UInt64) {
        let shared = SharedLatencyHistogram()
        let start = MonotonicClock().nowNanos()
        let workers = (0..<threads).map { _ in
            FlowThread {
                for _ in 0..<rounds {
                    for value in values { shared.record(valueNanos: value) }
                }
            }
        }
        workers.forEach { $0.join() }
        let elapsed = MonotonicClock().nowNanos() - start
        // Per value recorded, wall time across all threads (what one record costs the system).
        return (Double(elapsed) / Double(values.count * rounds * threads), shared.snapshot().p99)
    }

    static func rateMeterNanosPerMark(count: Int) -> Double {
        let meter = RateMeter()
        let start = MonotonicClock().nowNanos()
        for _ in 0..<count { meter.mark() }
        let elapsed = MonotonicClock().nowNanos() - start
        precondition(meter.total == UInt64(count))
        return Double(elapsed) / Double(count)
    }

    struct Accuracy {
        var quantile: Double
        var exact: UInt64
        var estimate: UInt64
        var relativeError: Double { Double(estimate) / Double(exact) - 1 }
    }

    static func accuracy(values: [UInt64], quantiles: [Double]) -> [Accuracy] {
        var histogram = LatencyHistogram()
        for value in values { histogram.record(valueNanos: value) }
        let sorted = values.sorted()
        return quantiles.map { quantile in
            let rank = Int((quantile * Double(sorted.count)).rounded(.up))
            return Accuracy(quantile: quantile, exact: sorted[max(rank, 1) - 1],
                            estimate: histogram.value(atQuantile: quantile))
        }
    }
}
