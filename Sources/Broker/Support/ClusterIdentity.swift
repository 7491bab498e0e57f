import Glibc

/// The cluster id, made once and kept in `<data>/meta.properties` (Kafka's file name and keys), so clients
/// see the same cluster across restarts.
enum ClusterIdentity {
    static func load(dataDirectory: String, nodeId: Int32) throws -> String {
        let path = dataDirectory + "/meta.properties"
        if let text = readTextFile(path) {
            for line in text.split(separator: "\n") where line.hasPrefix("cluster.id=") {
                return String(line.dropFirst("cluster.id=".count))
            }
        }
        let id = randomClusterId()
        let text = "# ringlog\nversion=1\ncluster.id=\(id)\nnode.id=\(nodeId)\n"
        try writeFileAtomically(path, text)
        return id
    }

    /// 16 random bytes in URL-safe base64 without padding, as Kafka's cluster ids look.
    static func randomClusterId() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var rng = SystemRandomNumberGenerator()
        // 22 characters carry 132 bits; the first must not be '-' (Kafka avoids it).
        var s = String(alphabet[Int(rng.next() % 52)])
        for _ in 0..<21 { s.append(alphabet[Int(rng.next() % 64)]) }
        return s
    }
}
