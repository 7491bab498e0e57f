import Synchronization

/// One stage's thread body and counters. Counters are atomics so `statistics` can be read while it runs.
final class PipelineStage: Sendable {
    let name: String
    let items = Atomic<UInt64>(0)
    let busyNanos = Atomic<UInt64>(0)
    let inputWaitNanos = Atomic<UInt64>(0)
    let outputWaitNanos = Atomic<UInt64>(0)
    let startNanos = Atomic<UInt64>(0)
    let endNanos = Atomic<UInt64>(0)
    /// Reads the output buffer's fill and bound; closes it; reads/closes the input (nil for a source).
    let outputGauge: @Sendable () -> (count: Int, capacity: Int)
    let closeQueues: @Sendable () -> Void
    /// The loop, given the stage for its counters and a clock.
    let body: @Sendable (PipelineStage) -> Void

    init(name: String, outputGauge: @escaping @Sendable () -> (count: Int, capacity: Int),
         closeQueues: @escaping @Sendable () -> Void, body: @escaping @Sendable (PipelineStage) -> Void) {
        self.name = name
        self.outputGauge = outputGauge
        self.closeQueues = closeQueues
        self.body = body
    }

    static let clock = MonotonicClock()

    @inline(__always) func now() -> UInt64 { Self.clock.nowNanos() }

    func statistics() -> PipelineStageStatistics {
        let start = startNanos.load(ordering: .acquiring)
        let end = endNanos.load(ordering: .acquiring)
        let elapsed = start == 0 ? 0 : (end == 0 ? now() : end) - start
        let gauge = outputGauge()
        return PipelineStageStatistics(
            name: name, items: items.load(ordering: .relaxed), busyNanos: busyNanos.load(ordering: .relaxed),
            inputWaitNanos: inputWaitNanos.load(ordering: .relaxed),
            outputWaitNanos: outputWaitNanos.load(ordering: .relaxed), elapsedNanos: elapsed,
            bufferCount: gauge.count, bufferCapacity: gauge.capacity)
    }
}
