/// A broker's `host:port`. IPv6 literals may be bracketed (`[::1]:9092`).
public struct BrokerAddress: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`.
    public init(parsing text: String) throws {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (1...65535).contains(port) else { throw ClientError.invalidAddress(text) }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ClientError.invalidAddress(text) }
        self.init(host: host, port: port)
    }

    /// A comma-separated bootstrap list: `host1:9092,host2:9092`.
    static func parseList(_ text: String) throws -> [BrokerAddress] {
        let parts = text.split(separator: ",").map { String($0).filter { $0 != " " } }.filter { !$0.isEmpty }
        guard !parts.isEmpty else { throw ClientError.invalidAddress(text) }
        return try parts.map { try BrokerAddress(parsing: $0) }
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
