import Synchronization

/// Stages joined by bounded buffers, each stage on its own thread: the storyboard's triple buffer
/// (network 100 slots → decode 30 → render 3 → display at 60 fps).
///
/// Build one from a source, any number of transforms, and a sink:
///
///     let pipeline = Pipeline
///         .source("network", bufferCapacity: 100) { receivePacket() }          // nil ends the stream
///         .then("decode", bufferCapacity: 30) { packet in decode(packet) }     // nil filters an item out
///         .then("render", bufferCapacity: 3) { frame in render(frame) }
///         .sink("display") { picture in show(picture) }
///     pipeline.start()
///     pipeline.waitUntilFinished(timeoutNanos: 10 * Nanos.perSecond)
///
/// Each buffer is a `BoundedQueue` (`.block` by default, any `BackpressurePolicy` allowed), so a slow stage
/// only stalls its neighbours once the buffer between them is full (upstream) or empty (downstream): the
/// buffers decouple the stages. `statistics` reports per stage its throughput, utilization, time starved
/// and time blocked, and its buffer's fill, while it runs. When the source ends, each stage drains its
/// input and closes its output, so the end of stream flows down; `stop()` closes every buffer at once.
public final class Pipeline: @unchecked Sendable {
    // @unchecked: `threads` is only touched with `threadsLock` locked; the rest is immutable or atomic.
    private let stages: [PipelineStage]
    private let threadsLock = Monitor()
    private var threads: [FlowThread] = []
    private let finished = Monitor()
    private let finishedCondition: Monitor.Condition
    private let running = Atomic<Int>(0)

    init(stages: [PipelineStage]) {
        self.stages = stages
        finishedCondition = Monitor.Condition(finished)
    }

    /// Starts a pipeline with a source stage: `produce` is called on the stage's thread until it returns nil.
    public static func source<Output>(_ name: String, bufferCapacity: Int, policy: BackpressurePolicy = .block,
                                      produce: @escaping () -> Output?) -> PipelineBuilder<Output> {
        let output = BoundedQueue<Output>(capacity: bufferCapacity, policy: policy)
        let produceBox = UncheckedBox(produce)
        let stage = PipelineStage(
            name: name, outputGauge: { (output.count, output.capacity) }, closeQueues: { output.close() },
            body: { stage in
                while true {
                    let started = stage.now()
                    guard let item = produceBox.value() else { break }
                    let produced = stage.now()
                    stage.busyNanos.add(produced - started, ordering: .relaxed)
                    let outcome = output.offer(item)
                    stage.outputWaitNanos.add(stage.now() - produced, ordering: .relaxed)
                    if outcome == .closed { break }
                    stage.items.add(1, ordering: .relaxed)
                }
                output.close()
            })
        return PipelineBuilder(stages: [stage], output: output)
    }

    /// Starts every stage's thread. Call once.
    public func start() {
        threadsLock.withLock {
            precondition(threads.isEmpty, "a pipeline starts once")
            running.store(stages.count, ordering: .releasing)
            for stage in stages {
                threads.append(FlowThread { [self] in
                    stage.startNanos.store(stage.now(), ordering: .releasing)
                    stage.body(stage)
                    stage.endNanos.store(stage.now(), ordering: .releasing)
                    finished.withLock {
                        running.subtract(1, ordering: .acquiringAndReleasing)
                        finishedCondition.broadcast()
                    }
                })
            }
        }
    }

    /// Waits until every stage has finished (the stream ended or `stop()` was called), at most
    /// `timeoutNanos`. Returns false on timeout; the threads are joined when it returns true.
    @discardableResult
    public func waitUntilFinished(timeoutNanos: UInt64) -> Bool {
        let deadline = MonotonicClock().nowNanos() + timeoutNanos
        let done = finished.withLock {
            while running.load(ordering: .acquiring) > 0 {
                if !finishedCondition.wait(untilNanos: deadline), running.load(ordering: .acquiring) > 0 { return false }
            }
            return true
        }
        if done { joinAll() }
        return done
    }

    /// Closes every buffer so each stage stops after its current item, then joins the threads.
    /// Items still buffered are abandoned. A stage stuck inside its own closure is waited for.
    public func stop() {
        for stage in stages { stage.closeQueues() }
        joinAll()
    }

    private func joinAll() {
        threadsLock.withLock { threads.forEach { $0.join() } }
    }

    /// Per-stage counters, source first.
    public var statistics: [PipelineStageStatistics] { stages.map { $0.statistics() } }
}

/// A pipeline under construction whose last stage produces `Output`.
public struct PipelineBuilder<Output> {
    let stages: [PipelineStage]
    let output: BoundedQueue<Output>

    /// Adds a stage that turns each item into `Next` (nil drops it) on its own thread, with an output
    /// buffer of `bufferCapacity` items.
    public func then<Next>(_ name: String, bufferCapacity: Int, policy: BackpressurePolicy = .block,
                           transform: @escaping (Output) -> Next?) -> PipelineBuilder<Next> {
        let input = output
        let next = BoundedQueue<Next>(capacity: bufferCapacity, policy: policy)
        let transformBox = UncheckedBox(transform)
        let stage = PipelineStage(
            name: name, outputGauge: { (next.count, next.capacity) },
            closeQueues: { input.close(); next.close() },
            body: { stage in
                while true {
                    let waiting = stage.now()
                    guard let item = input.take() else { break }
                    let started = stage.now()
                    stage.inputWaitNanos.add(started - waiting, ordering: .relaxed)
                    let result = transformBox.value(item)
                    let done = stage.now()
                    stage.busyNanos.add(done - started, ordering: .relaxed)
                    stage.items.add(1, ordering: .relaxed)
                    guard let result else { continue }
                    let outcome = next.offer(result)
                    stage.outputWaitNanos.add(stage.now() - done, ordering: .relaxed)
                    if outcome == .closed { break }
                }
                input.close()  // tell upstream nobody is listening any more
                next.close()
            })
        return PipelineBuilder<Next>(stages: stages + [stage], output: next)
    }

    /// Ends the pipeline with a stage that consumes each item on its own thread.
    public func sink(_ name: String, consume: @escaping (Output) -> Void) -> Pipeline {
        let input = output
        let consumeBox = UncheckedBox(consume)
        let stage = PipelineStage(
            name: name, outputGauge: { (0, 0) }, closeQueues: { input.close() },
            body: { stage in
                while true {
                    let waiting = stage.now()
                    guard let item = input.take() else { break }
                    let started = stage.now()
                    stage.inputWaitNanos.add(started - waiting, ordering: .relaxed)
                    consumeBox.value(item)
                    stage.busyNanos.add(stage.now() - started, ordering: .relaxed)
                    stage.items.add(1, ordering: .relaxed)
                }
                input.close()
            })
        return Pipeline(stages: stages + [stage])
    }
}

/// Carries a stage closure to its thread. The closure runs only on that one thread, so no data race
/// arises from the closure itself; what it captures is the caller's responsibility, as with any thread.
final class UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
