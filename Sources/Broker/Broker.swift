import Dispatch
import Glibc
import Net
import Storage
import Wire

/// The broker: one process that is the single node of its cluster, leader of every partition.
/// Requests arrive as frames from `Net`, are routed by API key to one handler per API (`APIs/`), and are
/// answered through the connection's `Responder` (possibly later, from another thread: a parked Fetch,
/// a Produce waiting for its fdatasync).
public final class Broker: FrameHandler, @unchecked Sendable {
    public let config: BrokerConfig
    let logger: Logger
    let store: LogStore
    let groupCommit = GroupCommit()
    let fetchWaiters = FetchWaiters()
    let metrics = BrokerMetrics(apis: SupportedApis.ranges.map(\.0))
    let clusterId: String
    let producerIds: ProducerIds
    let groups: GroupCoordinator
    /// Retention, periodic sync and compaction in the background.
    let maintenance: LogMaintenance
    let dynamicConfigs: DynamicBrokerConfigs
    private var server: TCPServer?

    public init(config staticConfig: BrokerConfig, logger: Logger) throws {
        try ensureDirectory(staticConfig.dataDirectory)
        dynamicConfigs = DynamicBrokerConfigs(dataDirectory: staticConfig.dataDirectory)
        let config = dynamicConfigs.applied(to: staticConfig)
        self.config = config
        self.logger = logger
        var defaults = LogConfig()
        defaults.segmentBytes = config.segmentBytes
        defaults.indexIntervalBytes = config.indexIntervalBytes
        defaults.maxMessageBytes = config.maxMessageBytes
        // Retention, roll, cleaner and timestamp defaults under Kafka's broker names (log.retention.hours, ...).
        defaults = try LogConfig(brokerProperties: config.properties, defaults: defaults)
        let startedNs = DispatchTime.now().uptimeNanoseconds
        store = try LogStore(directory: config.dataDirectory, defaults: defaults, log: { [logger] in logger.info($0) })
        // The store holds the directory's lock from here on; only now write files of our own.
        clusterId = try ClusterIdentity.load(dataDirectory: config.dataDirectory, nodeId: config.nodeId)
        producerIds = try ProducerIds(dataDirectory: config.dataDirectory)
        logger.info("opened \(store.allPartitions.count) partition log(s) in "
            + "\((DispatchTime.now().uptimeNanoseconds - startedNs) / 1_000_000) ms")
        maintenance = LogMaintenance(store: store, schedule: try MaintenanceSchedule(brokerProperties: config.properties),
                                     log: { [logger] in logger.info($0) })
        groups = try GroupCoordinator(store: store, groupCommit: groupCommit, config: GroupConfig(properties: config.properties),
                                      log: { [logger] in logger.info($0) })
    }

    /// Binds the listener and starts the reactors and the group-commit flusher.
    public func start() throws {
        groupCommit.start()
        groups.start()
        maintenance.start()
        var net = ServerConfig()
        net.host = config.listenHost
        net.port = config.listenPort
        net.requestBytesMax = config.requestBytesMax
        if config.reactorCount > 0 { net.reactorCount = config.reactorCount }
        net.log = { [logger] in logger.warn("net: \($0)") }
        let server = try TCPServer(config: net, handler: self)
        server.start()
        self.server = server
        logger.info("ringlog listening on \(config.listenHost):\(server.boundPort), advertised as "
            + "\(advertisedAddress.host):\(advertisedAddress.port), data in \(config.dataDirectory), "
            + "\(store.topics.count) topic(s), cluster id \(clusterId)")
    }

    /// Stops accepting, closes connections, syncs and closes every log.
    public func stop() {
        server?.stop()
        for line in metrics.summaryLines() { logger.info(line) }
        groups.stop()
        groupCommit.stop()
        maintenance.stop()
        store.close()
    }

    public func waitUntilStopped() { server?.waitUntilStopped() }

    public var boundPort: Int { server?.boundPort ?? config.listenPort }

    /// The address Metadata and FindCoordinator hand to clients. With port 0 (tests), the bound port.
    var advertisedAddress: (host: String, port: Int) {
        let a = config.advertised
        return (a.host, a.port == 0 ? boundPort : a.port)
    }

    // MARK: FrameHandler

    public func handle(frame: [UInt8], connection: ConnectionInfo, responder: Responder) {
        RequestRouter.route(frame: frame, connection: connection, responder: responder, broker: self)
    }

    public func connectionClosed(_ connection: ConnectionInfo) {}
}
