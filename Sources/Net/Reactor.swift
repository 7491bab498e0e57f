import CSystem
import Glibc
import Synchronization

/// Per-connection bounds a reactor enforces (copied from `ServerConfig`).
struct ConnectionLimits {
    let requestBytesMax: Int
    let inFlightRequestsPerConnectionMax: Int
    let idleTimeoutMs: Int?
}

/// State every reactor of one server shares.
final class ServerShared: Sendable {
    let connectionsMax: Int
    let openConnections = Atomic<Int>(0)
    let lastConnectionID = Atomic<UInt64>(0)
    /// The acceptor stopped short of an empty backlog (out of descriptors, no reserve): the next
    /// connection to close, on any reactor, frees a descriptor and re-arms accepting.
    let acceptIsStalled = Atomic<Bool>(false)
    let log: (@Sendable (String) -> Void)?

    init(connectionsMax: Int, log: (@Sendable (String) -> Void)?) {
        self.connectionsMax = connectionsMax
        self.log = log
    }
}

/// One event-loop thread: an epoll set (edge-triggered sockets), an eventfd to be woken by other
/// threads, an inbox of work, and a timer heap that sets epoll_wait's timeout.
///
/// Thread rules: `execute`, `schedule`, `cancel` and `isCurrentThread` are safe from any thread.
/// Everything else runs on the reactor's own thread.
public final class Reactor: @unchecked Sendable {
    static let readScratchBytes = 64 * 1024
    static let eventsPerWaitMax = 256
    /// recv() calls one connection gets per loop turn before the others get theirs (fairness: a
    /// client streaming a 100 MB request must not starve its neighbours).
    static let readsPerTurnMax = 16

    private struct Inbox {
        var work: [() -> Void] = []
        /// Set at teardown: later work is dropped (released), never run.
        var isClosed = false
    }

    let index: Int
    let handler: FrameHandler
    let limits: ConnectionLimits
    let shared: ServerShared
    let readScratch: UnsafeMutableRawPointer
    let iovecs: UnsafeMutablePointer<iovec>

    private let epollFd: Int32
    private let wakeFd: Int32
    private let inbox = Locked(Inbox())
    private let loopThread = Atomic<UInt>(0)
    private let lastTimerID = Atomic<UInt64>(0)

    // Reactor-thread state.
    private var events: UnsafeMutablePointer<epoll_event>
    var connectionsByFd: [Connection?] = []
    private var needingService: [Connection] = []
    /// Connections that used up their reads this turn and still have data: read again next turn.
    private var readingNextTurn: [Connection] = []
    private var timers = TimerHeap()
    private var isRunning = true
    var isStopping = false
    var listenFd: Int32 = -1
    var acceptTargets: [Reactor] = []
    var nextAcceptTarget = 0
    /// The reactor that owns the listener; weak, as reactor 0 is its own acceptor.
    weak var acceptor: Reactor?
    /// Acceptor only: see `ReserveDescriptor`.
    var reserve = ReserveDescriptor()
    var acceptFailureReport = RateLimitedReport()
    var acceptRetryIsScheduled = false

    init(index: Int, handler: FrameHandler, limits: ConnectionLimits, shared: ServerShared) throws {
        self.index = index
        self.handler = handler
        self.limits = limits
        self.shared = shared
        epollFd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFd >= 0 else { throw Socket.lastError("epoll_create1") }
        wakeFd = eventfd(0, Int32(EFD_CLOEXEC) | Int32(EFD_NONBLOCK))
        guard wakeFd >= 0 else {
            let error = Socket.lastError("eventfd")
            Glibc.close(epollFd)
            throw error
        }
        readScratch = .allocate(byteCount: Self.readScratchBytes, alignment: 16)
        iovecs = .allocate(capacity: OutputQueue.gatherChunksMax)
        events = .allocate(capacity: Self.eventsPerWaitMax)
        // Level-triggered: one read of the eventfd resets it; a wake-up is never lost.
        register(wakeFd, events: EPOLLIN.rawValue)
    }

    deinit {
        readScratch.deallocate()
        iovecs.deallocate()
        events.deallocate()
    }

    // MARK: Thread-safe API

    /// True on this reactor's loop thread.
    public var isCurrentThread: Bool {
        let owner = loopThread.load(ordering: .acquiring)
        return owner != 0 && owner == pthread_self()
    }

    /// Runs `work` on this reactor's thread soon, after the current event batch. From any thread.
    /// After `TCPServer.stop()` the work is dropped without running.
    public func execute(_ work: @escaping @Sendable () -> Void) {
        _ = post(work)
    }

    /// Runs `work` on this reactor's thread after at least `ms` milliseconds. From any thread.
    /// Timers with equal deadlines fire in the order they were scheduled.
    @discardableResult
    public func schedule(afterMilliseconds ms: Int, _ work: @escaping @Sendable () -> Void) -> TimerID {
        let id = lastTimerID.add(1, ordering: .relaxed).newValue
        let deadlineNs = monotonicNowNs() + UInt64(max(0, ms)) * 1_000_000
        if isCurrentThread {
            timers.insert(id: id, deadlineNs: deadlineNs, work: work)
        } else {
            _ = post { self.timers.insert(id: id, deadlineNs: deadlineNs, work: work) }
        }
        return TimerID(rawValue: id)
    }

    /// Cancels a timer that has not fired. From any thread; from another thread it takes effect on the
    /// reactor's next turn (the timer may still fire if it is already due).
    public func cancel(_ timer: TimerID) {
        if isCurrentThread {
            timers.cancel(id: timer.rawValue)
        } else {
            _ = post { self.timers.cancel(id: timer.rawValue) }
        }
    }

    /// Queues work for the loop; false if the reactor has shut down (the work is then dropped).
    func post(_ work: @escaping () -> Void) -> Bool {
        let onLoop = isCurrentThread
        return inbox.withLock { inbox in
            guard !inbox.isClosed else { return false }
            let wasEmpty = inbox.work.isEmpty
            inbox.work.append(work)
            // Only the empty-to-non-empty step needs a wake-up; the loop drains the whole inbox.
            // Written under the lock so teardown cannot close the eventfd in between.
            if wasEmpty && !onLoop {
                var one: UInt64 = 1
                _ = write(wakeFd, &one, 8)
            }
            return true
        }
    }

    // MARK: Loop

    /// Makes this reactor accept connections on `fd`, spreading them round-robin over `targets`.
    func accept(on fd: Int32, distributingTo targets: [Reactor]) {
        listenFd = fd
        acceptTargets = targets
        // Before the threads start, so every reactor sees it.
        for target in targets { target.acceptor = self }
        reserve.acquire()
        register(fd, events: EPOLLIN.rawValue | EPOLLET.rawValue)
    }

    /// The loop; returns after `requestStop()`, with every socket and fd of this reactor closed.
    func run() {
        loopThread.store(pthread_self(), ordering: .releasing)
        _ = csystem_set_thread_name("ringlog-net-\(index)")
        if let idleMs = limits.idleTimeoutMs { scheduleIdleSweep(everyMs: max(1, idleMs / 4)) }
        while isRunning {
            let hasWork = !needingService.isEmpty || !readingNextTurn.isEmpty
            let timeoutMs = hasWork ? 0 : timers.timeoutMs(nowNs: monotonicNowNs())
            let ready = epoll_wait(epollFd, events, Int32(Self.eventsPerWaitMax), timeoutMs)
            if ready < 0 && errno != EINTR {
                shared.log?("reactor \(index): epoll_wait: \(NetError.text(of: errno)) (errno \(errno))")
                break
            }
            resumeYieldedReads()
            for slot in 0..<max(0, Int(ready)) { dispatch(events[slot]) }
            runInbox()
            runDueTimers()
            serviceConnections()
        }
        tearDown()
        // pthread ids are reused after join: a later thread must not pass for this loop.
        loopThread.store(0, ordering: .releasing)
    }

    /// Ends the loop after the current turn (called on the loop thread, through `execute`).
    func requestStop() { isRunning = false }

    /// Closes everything this reactor owns. On the loop thread at the end of `run()`, or on the
    /// stopping thread if the loop never started.
    func tearDown() {
        isStopping = true
        closeListener()
        for case let connection? in connectionsByFd { close(connection, reason: nil) }
        // Work already queued may hold handed-over sockets: run it (adopt() closes them now), then
        // refuse more. The eventfd is closed under the same lock that guards writes to it.
        while true {
            let work: [() -> Void] = inbox.withLock { inbox in
                let work = inbox.work
                inbox.work = []
                if work.isEmpty {
                    inbox.isClosed = true
                    Glibc.close(wakeFd)
                }
                return work
            }
            if work.isEmpty { break }
            for item in work { item() }
        }
        timers.removeAll()
        needingService = []
        readingNextTurn = []
        acceptTargets = []
        Glibc.close(epollFd)
    }

    private func dispatch(_ event: epoll_event) {
        let fd = event.data.fd
        let flags = event.events
        if fd == wakeFd {
            var count: UInt64 = 0
            _ = read(wakeFd, &count, 8)
            return
        }
        if fd == listenFd {
            acceptAll()
            return
        }
        guard fd >= 0, Int(fd) < connectionsByFd.count, let connection = connectionsByFd[Int(fd)] else { return }
        if flags & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 {
            close(connection, reason: nil)
            return
        }
        if flags & EPOLLOUT.rawValue != 0 { needsService(connection) }
        if flags & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue) != 0 {
            connection.readAvailable(untilWouldBlock: flags & EPOLLRDHUP.rawValue != 0)
        }
    }

    private func runInbox() {
        let work: [() -> Void] = inbox.withLock { inbox in
            let work = inbox.work
            inbox.work = []
            return work
        }
        for item in work { item() }
    }

    private func runDueTimers() {
        // Fixed "now": a timer scheduled for 0 ms while firing waits for the next turn.
        let nowNs = monotonicNowNs()
        while let work = timers.popDue(nowNs: nowNs) { work() }
    }

    /// Writes and resumes reading for connections whose responses advanced. Handlers that answer at
    /// once add more; every round makes progress, so this ends.
    private func serviceConnections() {
        while !needingService.isEmpty {
            let batch = needingService
            needingService = []
            for connection in batch {
                connection.isQueuedForService = false
                connection.service()
            }
        }
    }

    /// `connection` stopped reading with data left (its per-turn budget ran out).
    func readNextTurn(_ connection: Connection) {
        readingNextTurn.append(connection)
    }

    private func resumeYieldedReads() {
        guard !readingNextTurn.isEmpty else { return }
        let batch = readingNextTurn
        readingNextTurn = []
        for connection in batch { connection.resumeReading() }
    }

    func needsService(_ connection: Connection) {
        guard !connection.isQueuedForService else { return }
        connection.isQueuedForService = true
        needingService.append(connection)
    }

    @discardableResult
    func register(_ fd: Int32, events flags: UInt32) -> Bool {
        var event = epoll_event()
        event.events = flags
        event.data.fd = fd
        return epoll_ctl(epollFd, EPOLL_CTL_ADD, fd, &event) == 0
    }
}
