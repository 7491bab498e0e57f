import Synchronization

/// Broker configs changed with AlterConfigs / IncrementalAlterConfigs, kept in
/// `<data>/broker-configs.properties` (replaced atomically: temp file, fsync, rename). They are reported
/// at once (source DYNAMIC_BROKER_CONFIG) and applied to the broker's settings at the next start.
final class DynamicBrokerConfigs: @unchecked Sendable {
    static let fileName = "broker-configs.properties"
    private let path: String
    private let values: Mutex<[String: String]>

    init(dataDirectory: String) {
        path = dataDirectory + "/" + Self.fileName
        var loaded: [String: String] = [:]
        for line in (readTextFile(path) ?? "").split(separator: "\n") {
            guard let eq = line.firstIndex(of: "="), !line.hasPrefix("#") else { continue }
            loaded[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        values = Mutex(loaded)
    }

    var all: [String: String] { values.withLock { $0 } }

    /// Replaces every dynamic value, durably, before the change is visible.
    func replace(with new: [String: String]) throws {
        try values.withLock { current in
            let text = new.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)\n" }.joined()
            try writeFileAtomically(path, "# dynamic broker configs, written by ringlog\n" + text)
            current = new
        }
    }

    /// `config` with the stored values applied (at start); the file-backed `properties` stay as they were
    /// so DescribeConfigs can still tell static values from dynamic ones.
    func applied(to config: BrokerConfig) -> BrokerConfig {
        var result = config
        for (key, value) in all.sorted(by: { $0.key < $1.key }) { try? result.apply(key: key, value: value) }
        result.properties = config.properties
        return result
    }
}
