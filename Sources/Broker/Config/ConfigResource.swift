/// The config resources the config APIs address (Kafka's `ConfigResource.Type`).
enum ConfigResource {
    static let topic: Int8 = 2
    static let broker: Int8 = 4

    /// This node's broker resource: by its id, or "" (the cluster-wide default; one node is the cluster).
    static func namesThisBroker(_ name: String, nodeId: Int32) -> Bool {
        name.isEmpty || name == String(nodeId)
    }
}
