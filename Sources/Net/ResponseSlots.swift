/// How a request was completed.
enum RequestOutcome {
    case response([OutChunk])
    case nothing
    case close
}

/// One connection's unanswered requests, in request order. Requests may complete in any order; the
/// outcomes leave from the head only, so responses go out in request order (Kafka clients match
/// responses to requests by position as well as by correlation id). Owned by the reactor thread.
struct ResponseSlots {
    private var outcomes: [RequestOutcome?] = []
    private var head = 0
    /// Sequence number of `outcomes[head]`.
    private var headSequence: UInt64 = 0
    private var nextSequence: UInt64 = 0

    /// Requests handed to the handler and not yet passed on to the writer.
    var inFlight: Int { outcomes.count - head }

    /// Reserves the slot for the next request and returns its sequence number.
    mutating func open() -> UInt64 {
        outcomes.append(nil)
        defer { nextSequence += 1 }
        return nextSequence
    }

    /// Records the outcome of request `sequence`. Returns false if the slot is gone (discarded).
    @discardableResult
    mutating func fill(_ sequence: UInt64, with outcome: RequestOutcome) -> Bool {
        guard sequence >= headSequence, sequence < nextSequence else { return false }
        outcomes[head + Int(sequence - headSequence)] = outcome
        return true
    }

    /// The head's outcome if it is complete, removing it.
    mutating func popCompletedHead() -> RequestOutcome? {
        guard head < outcomes.count, let outcome = outcomes[head] else { return nil }
        outcomes[head] = nil
        head += 1
        headSequence += 1
        if head == outcomes.count {
            outcomes.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64, head * 2 >= outcomes.count {
            // Keep memory bounded by the in-flight count, not by the connection's lifetime.
            outcomes.removeFirst(head)
            head = 0
        }
        return outcome
    }

    /// Drops every pending slot (connection closing); later fills are ignored.
    mutating func discardAll() {
        outcomes = []
        head = 0
        headSequence = nextSequence
    }
}
