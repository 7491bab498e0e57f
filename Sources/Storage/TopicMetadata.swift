/// What the store remembers about a topic across restarts.
public struct TopicMetadata: Codable, Equatable, Sendable {
    public var name: String
    /// 16 random bytes (a UUID), never all-zero; a recreated topic gets a new one.
    public var id: [UInt8]
    public var partitionCount: Int
    /// Topic-level overrides, by Kafka config name.
    public var configs: [String: String]

    public init(name: String, id: [UInt8], partitionCount: Int, configs: [String: String]) {
        self.name = name
        self.id = id
        self.partitionCount = partitionCount
        self.configs = configs
    }

    /// A random topic id the clients accept: not all-zero ("no id"), not 0...01 (reserved), and
    /// not one whose base64 form starts with '-' (Java re-rolls those).
    static func randomID() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        while true {
            let id = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let isZeroOrReserved = id[0..<15].allSatisfy { $0 == 0 } && id[15] <= 1
            let base64StartsWithDash = id[0] >> 2 == 62
            if !isZeroOrReserved && !base64StartsWithDash { return id }
        }
    }
}

/// Kafka's rules for topic names.
public enum TopicName {
    public static let lengthMax = 249

    public static func isValid(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= lengthMax, name != ".", name != ".." else { return false }
        return name.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }
}
