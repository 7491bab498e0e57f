import Records

/// Why an idempotent producer's batch was refused.
public enum SequenceError: Error, Equatable {
    /// The batch does not follow the last one written for its producer (Kafka's OUT_OF_ORDER_SEQUENCE_NUMBER).
    case outOfOrder(expected: Int32, received: Int32)
    /// The batch carries an epoch older than the producer's current one (INVALID_PRODUCER_EPOCH).
    case staleEpoch(current: Int16, received: Int16)
}

/// One batch an idempotent producer wrote, remembered so a retry of it can be recognized.
struct ProducedBatch: Equatable {
    var firstSequence: Int32
    var lastSequence: Int32
    var baseOffset: Int64
    var lastOffset: Int64
}

/// The idempotence state of one partition: per producer id, its epoch and its last few batches.
/// Not thread-safe: the partition log checks and updates it under its append lock, so the check and the
/// append it allows are one atomic step.
struct ProducerStateTable {
    /// Batches remembered per producer: the Java client keeps at most 5 requests in flight per partition,
    /// so a retry is always one of the last 5.
    static let batchesPerProducerMax = 5

    struct Producer {
        var epoch: Int16
        /// Oldest first.
        var batches: [ProducedBatch]
    }

    enum Decision: Equatable {
        case append
        /// A retry of a batch already in the log: answer with where it was written, write nothing.
        case duplicate(ProducedBatch)
    }

    private(set) var producers: [Int64: Producer] = [:]

    static func lastSequence(of header: RecordBatchHeader) -> Int32 {
        // Sequences wrap from Int32.max to 0.
        let sum = Int64(header.baseSequence) + Int64(header.lastOffsetDelta)
        return Int32(truncatingIfNeeded: sum > Int64(Int32.max) ? sum - Int64(Int32.max) - 1 : sum)
    }

    static func sequence(after sequence: Int32) -> Int32 {
        sequence == Int32.max ? 0 : sequence + 1
    }

    /// Decides whether a batch may be appended. Batches without a producer id are not checked.
    func check(_ header: RecordBatchHeader) throws(SequenceError) -> Decision {
        guard header.producerId >= 0, !header.isControl else { return .append }
        // An unknown producer (new, or its state is older than what was scanned at start) starts anywhere.
        guard let producer = producers[header.producerId] else { return .append }
        if header.producerEpoch < producer.epoch {
            throw .staleEpoch(current: producer.epoch, received: header.producerEpoch)
        }
        if header.producerEpoch > producer.epoch {
            // A bumped epoch restarts the sequence.
            guard header.baseSequence == 0 else { throw .outOfOrder(expected: 0, received: header.baseSequence) }
            return .append
        }
        let last = Self.lastSequence(of: header)
        if let earlier = producer.batches.first(where: { $0.firstSequence == header.baseSequence && $0.lastSequence == last }) {
            return .duplicate(earlier)
        }
        guard let newest = producer.batches.last else { return .append }
        let expected = Self.sequence(after: newest.lastSequence)
        guard header.baseSequence == expected else { throw .outOfOrder(expected: expected, received: header.baseSequence) }
        return .append
    }

    /// Remembers a batch written at `baseOffset` (after an append, and while scanning the log at start).
    mutating func record(_ header: RecordBatchHeader, baseOffset: Int64) {
        guard header.producerId >= 0, !header.isControl else { return }
        let batch = ProducedBatch(firstSequence: header.baseSequence, lastSequence: Self.lastSequence(of: header),
                                  baseOffset: baseOffset, lastOffset: baseOffset + Int64(header.lastOffsetDelta))
        var producer = producers[header.producerId] ?? Producer(epoch: header.producerEpoch, batches: [])
        if header.producerEpoch != producer.epoch {
            producer = Producer(epoch: header.producerEpoch, batches: [])
        }
        producer.batches.append(batch)
        if producer.batches.count > Self.batchesPerProducerMax { producer.batches.removeFirst() }
        producers[header.producerId] = producer
    }
}
