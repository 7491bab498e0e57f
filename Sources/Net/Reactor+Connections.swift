import CSystem
import Glibc

/// Adopting, closing and idling out connections. Runs on the reactor's thread.
extension Reactor {
    /// Takes over an accepted socket (on this reactor's thread).
    func adopt(_ fd: Int32) {
        guard !isStopping else {
            shared.openConnections.subtract(1, ordering: .relaxed)
            Glibc.close(fd)
            return
        }
        Socket.disableNagle(fd)
        let peer = Socket.peer(fd)
        let id = shared.lastConnectionID.add(1, ordering: .relaxed).newValue
        let info = ConnectionInfo(id: id, peerAddress: peer.address, peerPort: peer.port, localPort: Socket.localPort(fd))
        let connection = Connection(fd: fd, info: info, reactor: self)
        if Int(fd) >= connectionsByFd.count {
            connectionsByFd.append(contentsOf: repeatElement(nil, count: Int(fd) + 1 - connectionsByFd.count))
        }
        connectionsByFd[Int(fd)] = connection
        // Registered once, edge-triggered for both directions: no epoll_ctl per write or pause.
        let flags = EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue
        if !register(fd, events: flags) { close(connection, reason: "epoll_ctl: errno \(errno)") }
    }

    /// Closes the socket now, discarding its pending responses, and tells the handler.
    func close(_ connection: Connection, reason: String?) {
        guard !connection.isClosed else { return }
        connection.markClosed()
        connectionsByFd[Int(connection.fd)] = nil
        Glibc.close(connection.fd)   // also removes it from the epoll set
        shared.openConnections.subtract(1, ordering: .relaxed)
        if let reason { shared.log?("closed connection \(connection.info.id): \(reason)") }
        rearmAcceptingIfStalled()
        handler.connectionClosed(connection.info)
    }

    func scheduleIdleSweep(everyMs: Int) {
        schedule(afterMilliseconds: everyMs) { [self] in
            sweepIdleConnections()
            scheduleIdleSweep(everyMs: everyMs)
        }
    }

    private func sweepIdleConnections() {
        guard let idleMs = limits.idleTimeoutMs else { return }
        let nowNs = monotonicNowNs()
        let idleNs = UInt64(idleMs) * 1_000_000
        for case let connection? in connectionsByFd
        where connection.isIdle && nowNs - connection.lastReadNs >= idleNs {
            close(connection, reason: nil)
        }
    }
}
