import Glibc

/// Settings of a `TCPServer`. Every bound carries its unit in its name.
public struct ServerConfig {
    public var host: String
    /// 0 asks the kernel for an ephemeral port; read it back from `TCPServer.boundPort`.
    public var port: Int
    /// Event-loop threads; connections are pinned to them round-robin.
    public var reactorCount: Int
    /// Largest request frame (after the size prefix) accepted; larger closes the connection before
    /// any memory is allocated for the body (Kafka's `socket.request.max.bytes`).
    public var requestBytesMax: Int
    /// Unanswered requests one connection may have; beyond it the server stops reading that socket
    /// until responses drain, so the client is slowed by TCP itself.
    public var inFlightRequestsPerConnectionMax: Int
    /// Open connections across the server; newer ones are accepted and closed at once.
    public var connectionsMax: Int
    /// Close a connection with nothing in flight after this long without reading a byte. nil: never.
    public var idleTimeoutMs: Int?
    /// Backlog of the listening socket.
    public var listenBacklogMax: Int
    /// Receives error messages (failed accepts, closed-on-error connections). nil: silent.
    public var log: (@Sendable (String) -> Void)?

    public init(
        host: String = "127.0.0.1",
        port: Int = 9092,
        reactorCount: Int = ServerConfig.activeCoreCount,
        requestBytesMax: Int = 100 * 1024 * 1024,
        inFlightRequestsPerConnectionMax: Int = 32,
        connectionsMax: Int = 4096,
        idleTimeoutMs: Int? = nil,
        listenBacklogMax: Int = 1024,
        log: (@Sendable (String) -> Void)? = nil
    ) {
        self.host = host
        self.port = port
        self.reactorCount = reactorCount
        self.requestBytesMax = requestBytesMax
        self.inFlightRequestsPerConnectionMax = inFlightRequestsPerConnectionMax
        self.connectionsMax = connectionsMax
        self.idleTimeoutMs = idleTimeoutMs
        self.listenBacklogMax = listenBacklogMax
        self.log = log
    }

    /// Cores online now (at least 1).
    public static var activeCoreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
