/// Everything `ringlog serve` can be told, with Kafka's setting names where one exists.
/// Sources, later ones winning: built-in defaults, a `server.properties` file (`--config`), command-line flags.
public struct BrokerConfig: Sendable {
    public var listenHost = "127.0.0.1"
    public var listenPort = 9092
    /// What Metadata tells clients to connect to; defaults to the listen address.
    public var advertisedHost: String?
    public var advertisedPort: Int?
    public var dataDirectory = "./data"
    public var defaultPartitionCount = 1                       // num.partitions
    public var autoCreateTopics = true                          // auto.create.topics.enable
    public var segmentBytes = 1 << 30                           // log.segment.bytes
    public var indexIntervalBytes = 4096                        // log.index.interval.bytes
    public var maxMessageBytes = 1_048_588                      // message.max.bytes
    public var requestBytesMax = 100 * 1024 * 1024              // socket.request.max.bytes
    public var nodeId: Int32 = 1                                // node.id / broker.id
    public var reactorCount = 0                                 // num.network.threads; 0 = one per core
    public var logLevel = Logger.Level.info
    /// Fetch record bytes leave with sendfile(2). `ringlog.fetch.sendfile=false` copies them through user
    /// space instead (pread + write), only to measure what zero-copy saves (BENCHMARKS.md).
    public var fetchUsesSendfile = true
    /// Every key read from the properties file, kept so DescribeConfigs can report it later.
    public var properties: [String: String] = [:]

    public init() {}

    public var advertised: (host: String, port: Int) {
        (advertisedHost ?? (listenHost == "0.0.0.0" ? "127.0.0.1" : listenHost), advertisedPort ?? listenPort)
    }
}

public struct ConfigError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension BrokerConfig {
    /// Applies Kafka-style `key=value` lines (`#` and `!` start comments).
    public mutating func apply(propertiesText text: String) throws {
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: " \t\r")
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("!") { continue }
            guard let eq = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw ConfigError("line \(number + 1): expected key=value, found '\(line)'")
            }
            let key = String(line[..<eq]).trimmingCharacters(in: " \t")
            let value = String(line[line.index(after: eq)...]).trimmingCharacters(in: " \t")
            try apply(key: key, value: value)
        }
    }

    /// One Kafka setting. Unknown keys are kept (and reported by DescribeConfigs) but change nothing.
    public mutating func apply(key: String, value: String) throws {
        properties[key] = value
        switch key {
        case "log.dirs", "log.dir":
            dataDirectory = String(value.split(separator: ",").first ?? "")
        case "num.partitions": defaultPartitionCount = try positiveInt(key, value)
        case "auto.create.topics.enable": autoCreateTopics = try bool(key, value)
        case "log.segment.bytes": segmentBytes = try positiveInt(key, value)
        case "log.index.interval.bytes": indexIntervalBytes = try positiveInt(key, value)
        case "message.max.bytes": maxMessageBytes = try positiveInt(key, value)
        case "socket.request.max.bytes": requestBytesMax = try positiveInt(key, value)
        case "node.id", "broker.id": nodeId = Int32(try positiveInt(key, value, allowZero: true))
        case "num.network.threads": reactorCount = try positiveInt(key, value)
        case "ringlog.fetch.sendfile": fetchUsesSendfile = try bool(key, value)
        case "listeners":
            (listenHost, listenPort) = try listener(key, value)
        case "advertised.listeners":
            let (host, port) = try listener(key, value)
            (advertisedHost, advertisedPort) = (host, port)
        default: break
        }
    }

    private func positiveInt(_ key: String, _ value: String, allowZero: Bool = false) throws -> Int {
        guard let n = Int(value), n > 0 || (allowZero && n == 0) else {
            throw ConfigError("\(key) must be a positive integer, got '\(value)'")
        }
        return n
    }

    private func bool(_ key: String, _ value: String) throws -> Bool {
        switch value.lowercased() {
        case "true": return true
        case "false": return false
        default: throw ConfigError("\(key) must be true or false, got '\(value)'")
        }
    }

    /// The first `PLAINTEXT://host:port` entry of a Kafka listener list (or a plain `host:port`).
    /// Other security protocols (SSL, SASL_*) are refused rather than silently served in plain text.
    private func listener(_ key: String, _ value: String) throws -> (String, Int) {
        var refused: [String] = []
        for entry in value.split(separator: ",").map({ $0.trimmingCharacters(in: " \t") }) where !entry.isEmpty {
            var address = Substring(entry)
            if let scheme = entry.firstRange(of: "://") {
                let name = entry[..<scheme.lowerBound].uppercased()
                guard name == "PLAINTEXT" else {
                    refused.append(String(name))
                    continue
                }
                address = entry[scheme.upperBound...]
            }
            guard let parsed = parseHostPort(String(address)) else {
                throw ConfigError("\(key) must look like PLAINTEXT://host:port, got '\(value)'")
            }
            return parsed
        }
        throw ConfigError("\(key): Ringlog serves PLAINTEXT listeners only (no TLS or SASL yet); "
            + "found \(refused.isEmpty ? "no listener" : refused.joined(separator: ", ")) in '\(value)'")
    }
}

/// `host:port`, `[::1]:port` or `:port` (all interfaces).
public func parseHostPort(_ text: String) -> (String, Int)? {
    guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
          (0...65535).contains(port) else { return nil }
    var host = String(text[..<colon])
    if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    return (host.isEmpty ? "0.0.0.0" : host, port)
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s = s.dropFirst() }
        while let c = s.last, set.contains(c) { s = s.dropLast() }
        return String(s)
    }
}
