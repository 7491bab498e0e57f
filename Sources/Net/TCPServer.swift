import Dispatch
import Glibc

/// A TCP server for length-prefixed frames (4-byte big-endian size, then the frame) on epoll reactors.
///
/// One listening socket, accepted by reactor 0, which pins each connection round-robin to a reactor
/// (handing the fd over through that reactor's inbox). See docs/net.md.
public final class TCPServer: @unchecked Sendable {
    private enum Phase {
        case created
        case running([JoinableThread])
        case stopped
    }

    public let config: ServerConfig
    /// The port actually bound (useful with `port: 0`).
    public let boundPort: Int
    /// The event loops, one thread each once started; e.g. to schedule server-wide timers.
    public let reactors: [Reactor]
    private let phase = Locked(Phase.created)
    private let stopped = DispatchSemaphore(value: 0)

    /// Binds and listens (SO_REUSEADDR). Threads start with `start()`.
    public init(config: ServerConfig, handler: FrameHandler) throws {
        precondition(config.reactorCount >= 1, "reactorCount must be at least 1")
        precondition(config.requestBytesMax >= 0 && config.requestBytesMax <= Int(Int32.max))
        precondition(config.inFlightRequestsPerConnectionMax >= 1)
        // A peer that resets while we sendfile() would otherwise kill the process (sendmsg has
        // MSG_NOSIGNAL, sendfile has no such flag).
        signal(SIGPIPE, SIG_IGN)
        self.config = config
        let listenFd = try Socket.listen(host: config.host, port: config.port, backlog: config.listenBacklogMax)
        let limits = ConnectionLimits(
            requestBytesMax: config.requestBytesMax,
            inFlightRequestsPerConnectionMax: config.inFlightRequestsPerConnectionMax,
            idleTimeoutMs: config.idleTimeoutMs)
        let shared = ServerShared(connectionsMax: config.connectionsMax, log: config.log)
        var reactors: [Reactor] = []
        do {
            for index in 0..<config.reactorCount {
                reactors.append(try Reactor(index: index, handler: handler, limits: limits, shared: shared))
            }
        } catch {
            close(listenFd)
            for reactor in reactors { reactor.tearDown() }
            throw error
        }
        self.reactors = reactors
        boundPort = Socket.localPort(listenFd)
        reactors[0].accept(on: listenFd, distributingTo: reactors)
    }

    /// Starts one thread per reactor. Calling it again, or after `stop()`, does nothing.
    public func start() {
        phase.withLock { phase in
            guard case .created = phase else { return }
            phase = .running(reactors.map { reactor in JoinableThread { reactor.run() } })
        }
    }

    /// Closes the listener and every connection, then wakes and joins every reactor thread.
    /// Idempotent; a concurrent caller returns once the first has finished. Must not be called from
    /// a reactor thread (it would join itself).
    public func stop() {
        precondition(!reactors.contains { $0.isCurrentThread }, "TCPServer.stop() called on a reactor thread")
        phase.withLock { phase in
            switch phase {
            case .stopped:
                return
            case .created:
                for reactor in reactors { reactor.tearDown() }
            case .running(let threads):
                let acceptor = reactors[0]
                acceptor.execute { acceptor.stopAccepting() }
                for reactor in reactors { reactor.execute { reactor.requestStop() } }
                for thread in threads { thread.join() }
            }
            phase = .stopped
            stopped.signal()
        }
    }

    /// Blocks until `stop()` has finished (from another thread).
    public func waitUntilStopped() {
        stopped.wait()
        stopped.signal()
    }

    deinit {
        if reactors.contains(where: { $0.isCurrentThread }) {
            // Released by a handler on a reactor thread: a thread cannot join itself, so the loops
            // are told to end and their threads detached.
            phase.withLock { phase in
                if case .running(let threads) = phase {
                    for reactor in reactors { reactor.execute { reactor.requestStop() } }
                    for thread in threads { thread.detach() }
                }
                phase = .stopped
            }
        } else {
            stop()
        }
    }
}
