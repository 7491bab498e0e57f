/// A consistent-hash ring with virtual nodes (the storyboard's Episode 6 callback).
///
/// Each node is hashed to `virtualNodesPerNode` points on a 32-bit ring; a key belongs to the first point
/// at or after its hash, wrapping around. Adding a node moves only the keys that fall just before its new
/// points — about 1/(n+1) of them, all to the new node — where `hash % n` moves about n/(n+1). More virtual
/// nodes even out the share each node gets. Points and keys use the same hash (Kafka's murmur2), so the
/// ring is stable across processes and runs. Lookup is a binary search over the sorted points.
public struct ConsistentHashRing<Node: Hashable & Sendable>: Sendable {
    private struct Point: Sendable {
        var position: UInt32
        var node: Node
    }

    private var points: [Point] = []
    public private(set) var nodes: [Node] = []
    public let virtualNodesPerNode: Int
    private let label: @Sendable (Node) -> String

    /// - Parameters:
    ///   - nodes: the members (partitions, brokers, ...).
    ///   - virtualNodesPerNode: points per node; 100–200 gives shares within a few percent.
    ///   - label: the text hashed for a node's points (its description by default).
    public init(nodes: [Node], virtualNodesPerNode: Int = 160,
                label: @escaping @Sendable (Node) -> String = { "\($0)" }) {
        precondition(virtualNodesPerNode > 0)
        self.virtualNodesPerNode = virtualNodesPerNode
        self.label = label
        for node in nodes { add(node) }
    }

    /// Adds `node`'s points (no-op if present).
    public mutating func add(_ node: Node) {
        guard !nodes.contains(node) else { return }
        nodes.append(node)
        let name = label(node)
        for replica in 0..<virtualNodesPerNode {
            points.append(Point(position: Murmur2.hash(Array("\(name)#\(replica)".utf8)), node: node))
        }
        // Ties (rare) are broken by insertion order, which keeps lookups deterministic.
        points.sort { $0.position < $1.position }
    }

    /// Removes `node`; its keys move to the nodes that follow its points.
    public mutating func remove(_ node: Node) {
        nodes.removeAll { $0 == node }
        points.removeAll { $0.node == node }
    }

    /// The node owning `key`. The ring must not be empty.
    public func node<Bytes: Collection>(forKey key: Bytes) -> Node where Bytes.Element == UInt8 {
        precondition(!points.isEmpty, "the ring has no nodes")
        let hash = Murmur2.hash(key)
        var low = 0
        var high = points.count
        while low < high {
            let middle = (low + high) / 2
            if points[middle].position < hash { low = middle + 1 } else { high = middle }
        }
        return points[low == points.count ? 0 : low].node
    }
}
