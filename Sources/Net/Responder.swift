import Synchronization

/// Completes one request. Call exactly one of `send`, `sendNothing`, `closeConnection`, once, from any
/// thread; a second call is a programmer error and traps. If the connection has closed meanwhile, the
/// call does nothing (the chunks, and their file owners, are released).
public final class Responder: @unchecked Sendable {
    // `connection` is touched only on its reactor's thread; `completed` guards the exactly-once rule.
    private let connection: Connection
    private let sequence: UInt64
    private let completed = Atomic<Bool>(false)

    init(connection: Connection, sequence: UInt64) {
        self.connection = connection
        self.sequence = sequence
    }

    /// The reactor owning the connection: schedule timers on it to stay on the connection's thread.
    public var reactor: Reactor { connection.reactor }

    /// The connection this request came on.
    public var connectionInfo: ConnectionInfo { connection.info }

    /// Sends the response frame, including its 4-byte size prefix (the caller builds it).
    public func send(_ chunks: [OutChunk]) { complete(.response(chunks)) }

    /// No response (e.g. Kafka produce with acks=0), but the slot is released so later responses flow.
    public func sendNothing() { complete(.nothing) }

    /// Closes the connection once the responses before this one are written (protocol error).
    public func closeConnection() { complete(.close) }

    /// A responder dropped without an answer would hold every later response back forever; close the
    /// connection instead, as after a protocol error, and say so.
    deinit {
        guard !completed.load(ordering: .acquiring) else { return }
        connection.reactor.shared.log?("responder for connection \(connection.info.id) released without a response; closing")
        deliver(.close)
    }

    private func complete(_ outcome: RequestOutcome) {
        let (first, _) = completed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing)
        precondition(first, "Responder completed twice")
        deliver(outcome)
    }

    private func deliver(_ outcome: RequestOutcome) {
        let reactor = connection.reactor
        if reactor.isCurrentThread {
            connection.complete(sequence, with: outcome)
        } else {
            let hop = Hop(connection: connection, sequence: sequence, outcome: outcome)
            reactor.execute { hop.connection.complete(hop.sequence, with: hop.outcome) }
        }
    }
}

/// Carries a completion to the reactor thread; ownership passes with it, nothing is shared.
private struct Hop: @unchecked Sendable {
    let connection: Connection
    let sequence: UInt64
    let outcome: RequestOutcome
}
