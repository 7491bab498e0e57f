import CSystem
import Glibc

/// One accepted socket: frames requests out of the byte stream, keeps the response slots in request
/// order, and writes completed responses. Everything here runs on the owning reactor's thread.
final class Connection {
    let fd: Int32
    let info: ConnectionInfo
    /// Strong: a `Responder` hands out its connection's reactor. The reactor's table drops the
    /// connection on close, which breaks the cycle.
    let reactor: Reactor

    private(set) var isClosed = false
    /// A `closeConnection()` reached the head: write what came before it, then close.
    private var closesAfterWrites = false
    /// Reading stopped because `inFlightRequestsPerConnectionMax` was reached (not at EAGAIN), so no
    /// new EPOLLIN edge will come: resume explicitly when slots drain.
    private var readPaused = false
    /// Reading stopped because this turn's read budget ran out; the reactor resumes it next turn.
    private var readYielded = false
    var isQueuedForService = false
    private(set) var lastReadNs: UInt64

    // Framing: the 4-byte big-endian size, then the body.
    private var sizePrefix: UInt32 = 0
    private var sizePrefixBytesRead = 0
    private var readingBody = false
    private var body: [UInt8] = []
    private var bodyBytesRead = 0
    /// Bytes already read from the socket while paused; at most one read scratch's worth.
    private var unframed: [UInt8] = []

    private var slots = ResponseSlots()
    private var output = OutputQueue()

    init(fd: Int32, info: ConnectionInfo, reactor: Reactor) {
        self.fd = fd
        self.info = info
        self.reactor = reactor
        self.lastReadNs = monotonicNowNs()
    }

    /// Idle means nothing in flight in either direction.
    var isIdle: Bool { slots.inFlight == 0 && output.isEmpty && !readingBody && sizePrefixBytesRead == 0 }

    // MARK: Reading

    /// Reads and frames what the socket holds. With `untilWouldBlock` false, a short read is taken to
    /// mean the socket is drained (saves one recv per event); the edge-triggered EPOLLIN comes again
    /// when more data arrives. Pass true when the peer hung up, so the final recv() == 0 is seen.
    func readAvailable(untilWouldBlock: Bool) {
        let scratch = reactor.readScratch
        let scratchBytes = Reactor.readScratchBytes
        var readsLeft = Reactor.readsPerTurnMax
        while !isClosed && !closesAfterWrites {
            if slots.inFlight >= reactor.limits.inFlightRequestsPerConnectionMax {
                readPaused = true
                return
            }
            if readsLeft == 0 {
                readYielded = true
                reactor.readNextTurn(self)
                return
            }
            readsLeft -= 1
            if !unframed.isEmpty {
                let pending = unframed
                unframed = []
                pending.withUnsafeBytes { consume($0) }
                continue
            }
            let received: Int
            let wanted: Int
            if readingBody, body.count - bodyBytesRead >= scratchBytes {
                // Large bodies are read straight into their array: one copy fewer.
                wanted = body.count - bodyBytesRead
                let offset = bodyBytesRead
                received = body.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + offset, wanted, 0) }
                if received > 0 {
                    bodyBytesRead += received
                    if bodyBytesRead == body.count { deliverBody() }
                }
            } else {
                wanted = scratchBytes
                received = recv(fd, scratch, wanted, 0)
                if received > 0 { consume(UnsafeRawBufferPointer(start: scratch, count: received)) }
            }
            if received > 0 {
                lastReadNs = monotonicNowNs()
                if received < wanted && !untilWouldBlock { return }
                continue
            }
            if received == 0 {
                reactor.close(self, reason: nil)
                return
            }
            let code = errno
            if code == EAGAIN || code == EWOULDBLOCK { return }
            if code == EINTR { continue }
            reactor.close(self, reason: "recv: errno \(code)")
            return
        }
    }

    /// Next turn after a yield: go on reading unless paused or closed meanwhile.
    func resumeReading() {
        guard readYielded else { return }
        readYielded = false
        readAvailable(untilWouldBlock: true)
    }

    private func consume(_ bytes: UnsafeRawBufferPointer) {
        var position = 0
        while position < bytes.count && !isClosed {
            if readingBody {
                let take = min(body.count - bodyBytesRead, bytes.count - position)
                let offset = bodyBytesRead
                body.withUnsafeMutableBytes { destination in
                    (destination.baseAddress! + offset).copyMemory(from: bytes.baseAddress! + position, byteCount: take)
                }
                bodyBytesRead += take
                position += take
                if bodyBytesRead == body.count { deliverBody() }
                continue
            }
            if slots.inFlight >= reactor.limits.inFlightRequestsPerConnectionMax {
                unframed.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[position...]))
                readPaused = true
                return
            }
            sizePrefix = sizePrefix << 8 | UInt32(bytes[position])
            sizePrefixBytesRead += 1
            position += 1
            if sizePrefixBytesRead == 4 { startBody() }
        }
    }

    private func startBody() {
        let size = Int32(bitPattern: sizePrefix)
        sizePrefix = 0
        sizePrefixBytesRead = 0
        // Checked before allocating: a hostile or confused peer cannot make us reserve 2 GiB.
        guard size >= 0, Int(size) <= reactor.limits.requestBytesMax else {
            reactor.close(self, reason: "frame size \(size) outside 0...\(reactor.limits.requestBytesMax)")
            return
        }
        body = [UInt8](unsafeUninitializedCapacity: Int(size)) { _, initialized in initialized = Int(size) }
        bodyBytesRead = 0
        readingBody = true
        if size == 0 { deliverBody() }
    }

    private func deliverBody() {
        let frame = body
        body = []
        readingBody = false
        let sequence = slots.open()
        let responder = Responder(connection: self, sequence: sequence)
        reactor.handler.handle(frame: frame, connection: info, responder: responder)
    }

    // MARK: Responses

    /// A responder completed request `sequence` (on this thread).
    func complete(_ sequence: UInt64, with outcome: RequestOutcome) {
        guard !isClosed, !closesAfterWrites else { return }
        if slots.fill(sequence, with: outcome) { reactor.needsService(self) }
    }

    /// Moves completed head responses to the output, writes, and resumes reading if slots drained.
    func service() {
        guard !isClosed else { return }
        while !closesAfterWrites, let outcome = slots.popCompletedHead() {
            switch outcome {
            case .response(let chunks): output.append(chunks)
            case .nothing: break
            case .close:
                closesAfterWrites = true
                slots.discardAll()
            }
        }
        flush()
        guard !isClosed else { return }
        if closesAfterWrites {
            if output.isEmpty { reactor.close(self, reason: nil) }
            return
        }
        if readPaused && slots.inFlight < reactor.limits.inFlightRequestsPerConnectionMax {
            readPaused = false
            readAvailable(untilWouldBlock: true)
        }
    }

    /// Writes queued output until done or the socket is full; EPOLLOUT calls back here.
    func flush() {
        guard !isClosed, !output.isEmpty else { return }
        switch output.write(to: fd, iovecs: reactor.iovecs) {
        case .allWritten, .wouldBlock: break
        case .failed(let reason): reactor.close(self, reason: reason)
        }
    }

    /// Called by the reactor as it closes the socket: drops pending work and releases file owners.
    func markClosed() {
        isClosed = true
        slots.discardAll()
        output.removeAll()
        body = []
        unframed = []
    }
}
