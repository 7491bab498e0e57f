import Flow
import Records

/// Records waiting to be sent, one open batch per partition. A batch leaves when it reaches
/// `batchBytesMax`, when it is `lingerMs` old, or on flush.
final class RecordAccumulator: @unchecked Sendable {
    final class Batch {
        let partition: TopicPartition
        var builder: RecordBatchBuilder
        var deliveries: [PendingDelivery] = []
        var bytes = 0
        let createdMs: Int64

        init(_ partition: TopicPartition, nowMs: Int64) {
            self.partition = partition
            builder = RecordBatchBuilder(baseTimestamp: wallClockMs())
            createdMs = nowMs
        }
    }

    /// Per-record overhead estimate (varints, attributes) for sizing batches.
    static let recordOverheadBytes = 16

    let batchBytesMax: Int
    let lingerMs: Int
    private struct State {
        var open: [TopicPartition: Batch] = [:]
        var bufferedBytes = 0
        /// Keyless records stick to one partition per topic until its batch leaves.
        var stickyPartition: [String: Int32] = [:]
    }
    private let state = Locked(State())

    init(batchBytesMax: Int, lingerMs: Int) {
        self.batchBytesMax = batchBytesMax
        self.lingerMs = lingerMs
    }

    var bufferedBytes: Int { state.withLock { $0.bufferedBytes } }

    /// The partition for a keyless record of `topic`.
    func stickyPartition(of topic: String, partitionCount: Int) -> Int32 {
        state.withLock { s in
            if let p = s.stickyPartition[topic], p < partitionCount { return p }
            let p = Int32.random(in: 0..<Int32(partitionCount))
            s.stickyPartition[topic] = p
            return p
        }
    }

    enum AppendOutcome { case joinedBatch, openedBatch, filledBatch }

    func append(to partition: TopicPartition, key: [UInt8]?, value: [UInt8]?, headers: [RecordHeader], delivery: PendingDelivery) -> AppendOutcome {
        let size = (key?.count ?? 0) + (value?.count ?? 0) + Self.recordOverheadBytes
            + headers.reduce(0) { $0 + $1.key.utf8.count + ($1.value?.count ?? 0) + 2 }
        return state.withLock { s in
            var opened = false
            let batch: Batch
            if let existing = s.open[partition] { batch = existing } else {
                batch = Batch(partition, nowMs: monotonicMs())
                s.open[partition] = batch
                opened = true
            }
            batch.builder.append(key: key, value: value, headers: headers, timestamp: wallClockMs())
            batch.deliveries.append(delivery)
            batch.bytes += size
            s.bufferedBytes += size
            if batch.bytes >= batchBytesMax { return .filledBatch }
            return opened ? .openedBatch : .joinedBatch
        }
    }

    /// Removes and returns the batches that should be sent now.
    func drain(all: Bool) -> [Batch] {
        let now = monotonicMs()
        return state.withLock { s in
            let ready = s.open.values.filter { all || $0.bytes >= batchBytesMax || now - $0.createdMs >= Int64(lingerMs) }
            for b in ready {
                s.open[b.partition] = nil
                s.bufferedBytes -= b.bytes
                // The sticky partition moves on once its batch leaves, spreading keyless records.
                if s.stickyPartition[b.partition.topic] == b.partition.partition { s.stickyPartition[b.partition.topic] = nil }
            }
            return ready
        }
    }
}
