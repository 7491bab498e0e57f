import CSystem
import Glibc

/// Accepting connections, on the reactor that owns the listener, including when descriptors run out.
///
/// The listener is edge-triggered: a new edge comes only with a new connection. So every round must
/// end with the backlog empty (EAGAIN), or the connections left in it wait for a stranger's attempt.
/// Out of descriptors (EMFILE/ENFILE), the reserve makes room for one accept and that connection is
/// closed at once, repeatedly, until the backlog is empty: clients see a closed connection rather
/// than hang. If even that fails (another thread took the freed number), accepting stalls; the next
/// connection to close, on any reactor, re-arms it, and a retry timer covers descriptors freed
/// elsewhere in the process.
extension Reactor {
    /// Retry period while accepting is stalled and no connection closes.
    static let acceptRetryMs = 100

    private enum ShedOutcome {
        /// A pending connection was taken off the backlog (and closed), or the attempt should be repeated.
        case progressed
        case backlogEmpty
        /// No reserve to release, or its number was taken before the accept.
        case noRoom
    }

    func acceptAll() {
        guard listenFd >= 0 else { return }
        // A reserve lost earlier is taken back as soon as a descriptor is free again.
        reserve.acquire()
        while listenFd >= 0 {
            let fd = acceptPending()
            if fd >= 0 {
                distribute(fd)
                continue
            }
            let code = errno
            if code == EAGAIN || code == EWOULDBLOCK {
                if shared.acceptIsStalled.load(ordering: .relaxed) {
                    shared.acceptIsStalled.store(false, ordering: .relaxed)
                }
                return
            }
            if code == EINTR || code == ECONNABORTED { continue }
            reportAcceptFailure(code)
            if code == EMFILE || code == ENFILE {
                switch shedOnePending() {
                case .progressed: continue
                case .backlogEmpty: return
                case .noRoom: break
                }
            }
            stallAccepting()
            return
        }
    }

    /// Called whenever a connection closes (its descriptor is free now), on any reactor.
    func rearmAcceptingIfStalled() {
        guard shared.acceptIsStalled.load(ordering: .relaxed),
              shared.acceptIsStalled.exchange(false, ordering: .acquiringAndReleasing),
              let acceptor else { return }
        // Through the inbox even on the acceptor itself: close() may run inside acceptAll().
        _ = acceptor.post { acceptor.acceptAll() }
    }

    /// Closes the listening socket and the reserve (on this reactor's thread); accepted connections stay open.
    func closeListener() {
        guard listenFd >= 0 else { return }
        Glibc.close(listenFd)
        listenFd = -1
        _ = reserve.release()
    }

    func stopAccepting() { closeListener() }

    private func acceptPending() -> Int32 {
        csystem_accept4(listenFd, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
    }

    /// Frees the reserve's number for one accept, closes what it accepted, takes the reserve back.
    private func shedOnePending() -> ShedOutcome {
        guard reserve.release() else { return .noRoom }
        let fd = acceptPending()
        let code = errno
        if fd >= 0 { Glibc.close(fd) }
        reserve.acquire()
        if fd >= 0 { return .progressed }
        if code == EAGAIN || code == EWOULDBLOCK { return .backlogEmpty }
        if code == EINTR || code == ECONNABORTED { return .progressed }
        return .noRoom
    }

    /// Pins a new connection to the next reactor in turn, or closes it beyond `connectionsMax`.
    private func distribute(_ fd: Int32) {
        let open = shared.openConnections.add(1, ordering: .relaxed).newValue
        if open > shared.connectionsMax {
            shared.openConnections.subtract(1, ordering: .relaxed)
            Glibc.close(fd)
            shared.log?("connectionsMax \(shared.connectionsMax) reached, connection refused")
            return
        }
        let target = acceptTargets[nextAcceptTarget % acceptTargets.count]
        nextAcceptTarget &+= 1
        if target === self {
            adopt(fd)
        } else if !target.post({ target.adopt(fd) }) {
            shared.openConnections.subtract(1, ordering: .relaxed)
            Glibc.close(fd)
        }
    }

    private func stallAccepting() {
        shared.acceptIsStalled.store(true, ordering: .releasing)
        guard !acceptRetryIsScheduled else { return }
        acceptRetryIsScheduled = true
        schedule(afterMilliseconds: Self.acceptRetryMs) { [self] in
            acceptRetryIsScheduled = false
            acceptAll()
        }
    }

    private func reportAcceptFailure(_ code: Int32) {
        guard let count = acceptFailureReport.note(nowNs: monotonicNowNs()) else { return }
        let times = count == 1 ? "" : " \(count) times since the last report"
        var line = "accept4 failed\(times): \(NetError.text(of: code)) (errno \(code))"
        if code == EMFILE || code == ENFILE {
            line += "; waiting connections are closed at once until descriptors are freed"
        }
        shared.log?(line)
    }
}
