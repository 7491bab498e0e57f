import Broker
import Glibc

/// `ringlog serve`: settings from defaults, then `--config server.properties`, then flags.
enum ServeCommand {
    static let help = """
        Usage: ringlog serve [options]

        Runs a single-node Kafka-compatible broker until SIGINT or SIGTERM.

        Options:
          --listen HOST:PORT              Kafka listener (default 127.0.0.1:9092)
          --advertised-listener HOST:PORT address clients are told to use (default: the listener)
          --data DIR                      data directory (default ./data)   [log.dirs]
          --default-partitions N          partitions of auto-created topics (default 1)   [num.partitions]
          --config FILE                   Kafka-style server.properties; flags override it
          --log-level LEVEL               debug, info, warn or error (default info)
          -h, --help                      this help

        server.properties uses Kafka's names: listeners, advertised.listeners, log.dirs, num.partitions,
        auto.create.topics.enable, log.segment.bytes, log.roll.ms / .hours, log.retention.hours / .ms / .bytes,
        log.retention.check.interval.ms, log.cleanup.policy, log.cleaner.backoff.ms, message.max.bytes,
        socket.request.max.bytes, node.id, num.network.threads, group.min/max.session.timeout.ms,
        group.initial.rebalance.delay.ms, offsets.topic.num.partitions, offset.metadata.max.bytes.
        Only PLAINTEXT listeners are served. `--log-level debug` logs every request.
        """

    static func run(_ arguments: [String]) -> Int32 {
        var config = BrokerConfig()
        do {
            guard let flags = try parseFlags(arguments) else {
                print(help)
                return 0
            }
            if let path = flags["--config"] {
                guard let text = readTextFile(path) else {
                    throw ConfigError("cannot read config file \(path): \(String(cString: strerror(errno)))")
                }
                try config.apply(propertiesText: text)
            }
            try apply(flags, to: &config)
        } catch {
            fputs("ringlog serve: \(error)\n\nRun `ringlog serve --help` for the options.\n", stderr)
            return 2
        }

        // Block the stop signals in every thread; the main thread waits for them with sigwait.
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGINT)
        sigaddset(&stopSignals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &stopSignals, nil)
        signal(SIGPIPE, SIG_IGN)

        let logger = Logger(minimumLevel: config.logLevel)
        let broker: Broker
        do {
            broker = try Broker(config: config, logger: logger)
            try broker.start()
        } catch {
            logger.error("cannot start: \(error)")
            return 1
        }
        var received: Int32 = 0
        sigwait(&stopSignals, &received)
        logger.info("received \(received == SIGINT ? "SIGINT" : "SIGTERM"), shutting down")
        broker.stop()
        logger.info("stopped cleanly")
        return 0
    }

    /// `--flag value` pairs; nil when help was asked for.
    static func parseFlags(_ arguments: [String]) throws -> [String: String]? {
        let known: Set<String> = ["--listen", "--advertised-listener", "--data", "--default-partitions", "--config", "--log-level"]
        var flags: [String: String] = [:]
        var i = 0
        while i < arguments.count {
            var flag = arguments[i]
            if flag == "-h" || flag == "--help" { return nil }
            var value: String?
            if let eq = flag.firstIndex(of: "=") {
                value = String(flag[flag.index(after: eq)...])
                flag = String(flag[..<eq])
            }
            guard known.contains(flag) else { throw ConfigError("unknown option '\(flag)'") }
            if value == nil {
                i += 1
                guard i < arguments.count else { throw ConfigError("\(flag) needs a value") }
                value = arguments[i]
            }
            flags[flag] = value
            i += 1
        }
        return flags
    }

    static func apply(_ flags: [String: String], to config: inout BrokerConfig) throws {
        if let listen = flags["--listen"] {
            guard let (host, port) = parseHostPort(listen) else { throw ConfigError("--listen must be HOST:PORT, got '\(listen)'") }
            (config.listenHost, config.listenPort) = (host, port)
        }
        if let advertised = flags["--advertised-listener"] {
            guard let (host, port) = parseHostPort(advertised) else {
                throw ConfigError("--advertised-listener must be HOST:PORT, got '\(advertised)'")
            }
            (config.advertisedHost, config.advertisedPort) = (host, port)
        }
        if let data = flags["--data"] { config.dataDirectory = data }
        if let partitions = flags["--default-partitions"] { try config.apply(key: "num.partitions", value: partitions) }
        if let level = flags["--log-level"] {
            guard let parsed = Logger.Level(name: level) else { throw ConfigError("--log-level must be debug, info, warn or error") }
            config.logLevel = parsed
        }
    }
}
