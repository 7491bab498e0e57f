import Flow
@_exported import struct Records.RecordHeader

/// How many acknowledgements a produce waits for.
public enum Acks: Int16, Sendable {
    /// Fire and forget: no answer, offsets unknown (-1).
    case none = 0
    /// The leader wrote it.
    case leader = 1
    /// Every in-sync replica has it (on Ringlog: on disk, fdatasync'ed).
    case all = -1

    /// Parses "0", "1", "all" or "-1".
    public init?(text: String) {
        switch text {
        case "0": self = .none
        case "1": self = .leader
        case "all", "-1": self = .all
        default: return nil
        }
    }
}

/// Where a record landed.
public struct RecordMetadata: Equatable, Sendable {
    public var topic: String
    public var partition: Int32
    /// -1 with `acks: .none`.
    public var offset: Int64
}

/// A record handed to the producer whose delivery is not yet known.
public final class PendingDelivery: @unchecked Sendable {
    private struct State {
        var result: Result<RecordMetadata, Error>?
        var waiters: [CheckedContinuation<RecordMetadata, Error>] = []
    }
    private let state = Locked(State())

    init() {}

    /// Waits for the broker's answer.
    public func result() async throws -> RecordMetadata {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<RecordMetadata, Error>? = state.withLock { s in
                if s.result == nil { s.waiters.append(continuation) }
                return s.result
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    func complete(_ result: Result<RecordMetadata, Error>) {
        let waiters: [CheckedContinuation<RecordMetadata, Error>] = state.withLock { s in
            guard s.result == nil else { return [] }
            s.result = result
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume(with: result) }
    }
}
