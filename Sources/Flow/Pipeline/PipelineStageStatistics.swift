/// What one pipeline stage has done: the storyboard's per-stage monitoring (Slide 15).
public struct PipelineStageStatistics: Sendable, Equatable {
    public var name: String
    /// Items this stage finished (produced, transformed or consumed).
    public var items: UInt64
    /// Time inside the stage's own work.
    public var busyNanos: UInt64
    /// Time waiting for input: the stage upstream is slower (starved).
    public var inputWaitNanos: UInt64
    /// Time waiting for room in the output buffer: the stage downstream is slower (blocked).
    public var outputWaitNanos: UInt64
    /// Time since the stage started (until it finished, if it has).
    public var elapsedNanos: UInt64
    /// Items waiting in this stage's output buffer, and its bound (0 for the sink, which has none).
    public var bufferCount: Int
    public var bufferCapacity: Int

    /// Items per second over the stage's life.
    public var throughputPerSecond: Double {
        elapsedNanos == 0 ? 0 : Double(items) * Double(Nanos.perSecond) / Double(elapsedNanos)
    }

    /// Fraction of the time spent working (1 = the bottleneck).
    public var utilization: Double { elapsedNanos == 0 ? 0 : Double(busyNanos) / Double(elapsedNanos) }

    /// Time stalled on either side.
    public var stallNanos: UInt64 { inputWaitNanos + outputWaitNanos }

    /// Output buffer fill, 0...1.
    public var bufferUtilization: Double { bufferCapacity == 0 ? 0 : Double(bufferCount) / Double(bufferCapacity) }
}
