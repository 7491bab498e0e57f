// FlowBench: the figures for BENCHMARKS.md. Run with `swift run -c release FlowBench`.
import Flow
import Glibc

func fixed(_ value: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var text = String(rounded)
    if let dot = text.firstIndex(of: ".") {
        let decimals = text.distance(from: dot, to: text.endIndex) - 1
        if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
    } else if digits > 0 {
        text += "." + String(repeating: "0", count: digits)
    }
    return text
}

func millions(_ rate: Double) -> String { fixed(rate / 1e6, 2) + " M/s" }

/// The best of `runs` (least disturbed by the other processes sharing the machine), the median, and all.
func best(_ runs: Int, _ body: () -> Double) -> (best: Double, median: Double, all: [Double]) {
    let all = (0..<runs).map { _ in body() }
    return (all.max()!, all.sorted()[all.count / 2], all)
}

let runs = 5
let transfers = 10_000_000
let capacity = 1_024
print("FlowBench — \(runs) runs each: best, median, and every run; machine: \(sysconf(Int32(_SC_NPROCESSORS_ONLN))) CPUs online")
print("")
print("## Queue transfers between two threads (\(transfers / 1_000_000) M Ints, capacity \(capacity))")
print("")
print("| queue | best | median | runs |")
print("|---|---|---|---|")
var checksum = 0
let spsc = best(runs) { let r = QueueBenchmarks.spscTransfersPerSecond(count: transfers, capacity: capacity); checksum &+= r.checksum; return r.rate }
print("| SPSCRingBuffer (lock-free, atomics) | \(millions(spsc.best)) | \(millions(spsc.median)) | \(spsc.all.map(millions).joined(separator: ", ")) |")
let ring = best(runs) { let r = QueueBenchmarks.mutexRingTransfersPerSecond(count: transfers, capacity: capacity); checksum &+= r.checksum; return r.rate }
print("| RingBuffer (pthread mutex around an array ring) | \(millions(ring.best)) | \(millions(ring.median)) | \(ring.all.map(millions).joined(separator: ", ")) |")
let array = best(runs) { let r = QueueBenchmarks.mutexArrayTransfersPerSecond(count: transfers, capacity: capacity); checksum &+= r.checksum; return r.rate }
print("| Synchronization.Mutex<[Int]>, append + head index | \(millions(array.best)) | \(millions(array.median)) | \(array.all.map(millions).joined(separator: ", ")) |")
let blocking = best(runs) { let r = QueueBenchmarks.blockingQueueTransfersPerSecond(count: transfers / 5, capacity: capacity); checksum &+= r.checksum; return r.rate }
print("| BoundedQueue .block (mutex + condvars, \(transfers / 5 / 1_000_000) M) | \(millions(blocking.best)) | \(millions(blocking.median)) | \(blocking.all.map(millions).joined(separator: ", ")) |")
var asyncRates: [Double] = []
for _ in 0..<runs {
    let r = await QueueBenchmarks.asyncStreamTransfersPerSecond(count: transfers / 5)
    checksum &+= r.checksum
    asyncRates.append(r.rate)
}
print("| AsyncStream (unbounded, thread → for await, \(transfers / 5 / 1_000_000) M) | \(millions(asyncRates.max()!)) | \(millions(asyncRates.sorted()[asyncRates.count / 2])) | \(asyncRates.map(millions).joined(separator: ", ")) |")
print("")

let sampleCount = 1_000_000
let values = HistogramBenchmarks.samples(count: sampleCount, seed: 42)
print("## LatencyHistogram record cost (1 M log-uniform values 1 µs–1 s, 10 rounds)")
print("")
print("| recorder | ns per value, best | median | runs |")
print("|---|---|---|---|")
var histogramChecksum: UInt64 = 0
let plain = best(runs) { let r = HistogramBenchmarks.recordNanosPerValue(values: values, rounds: 10); histogramChecksum &+= r.checksum; return -r.nanos }
print("| LatencyHistogram (one thread) | \(fixed(-plain.best, 2)) | \(fixed(-plain.median, 2)) | \(plain.all.map { fixed(-$0, 2) }.joined(separator: ", ")) |")
let shared1 = best(runs) { let r = HistogramBenchmarks.sharedRecordNanosPerValue(values: values, rounds: 10, threads: 1); histogramChecksum &+= r.checksum; return -r.nanos }
print("| SharedLatencyHistogram, 1 thread | \(fixed(-shared1.best, 2)) | \(fixed(-shared1.median, 2)) | \(shared1.all.map { fixed(-$0, 2) }.joined(separator: ", ")) |")
let shared2 = best(runs) { let r = HistogramBenchmarks.sharedRecordNanosPerValue(values: values, rounds: 5, threads: 2); histogramChecksum &+= r.checksum; return -r.nanos }
print("| SharedLatencyHistogram, 2 threads contending (wall ns per value) | \(fixed(-shared2.best, 2)) | \(fixed(-shared2.median, 2)) | \(shared2.all.map { fixed(-$0, 2) }.joined(separator: ", ")) |")
let meter = best(runs) { -HistogramBenchmarks.rateMeterNanosPerMark(count: 10_000_000) }
print("| RateMeter.mark (mutex + clock read) | \(fixed(-meter.best, 2)) | \(fixed(-meter.median, 2)) | \(meter.all.map { fixed(-$0, 2) }.joined(separator: ", ")) |")
print("")
print("## LatencyHistogram accuracy against exact percentiles (1 M samples, nearest rank)")
print("")
print("| quantile | exact (ns) | histogram (ns) | relative error |")
print("|---|---|---|---|")
let quantileLabels = [0.5, 0.9, 0.99, 0.999, 0.9999]
for row in HistogramBenchmarks.accuracy(values: values, quantiles: quantileLabels) {
    print("| \(["p50", "p90", "p99", "p99.9", "p99.99"][quantileLabels.firstIndex(of: row.quantile)!]) | \(row.exact) | \(row.estimate) | \(fixed(row.relativeError * 100, 3)) % |")
}
print("")
print("(checksums: \(checksum), \(histogramChecksum))")
