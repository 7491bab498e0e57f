/// How many keys change partition when a topic grows, under `hash % n` and under a consistent-hash ring
/// (`ringlog demo partitions`).
public struct PartitionMoveReport: Sendable, Equatable {
    public var keyCount: Int
    public var partitionsBefore: Int
    public var partitionsAfter: Int
    /// Keys whose partition changed with `ModuloPartitioner`.
    public var movedWithModulo: Int
    /// Keys whose partition changed with `ConsistentHashRing`.
    public var movedWithRing: Int
    /// Of `movedWithRing`, how many went to a newly added partition (all of them, on a ring).
    public var ringMovesToNewPartitions: Int
    /// Keys per partition on the grown ring, by partition number: how even the shares are.
    public var ringKeysPerPartition: [Int]

    public var movedFractionWithModulo: Double { Double(movedWithModulo) / Double(keyCount) }
    public var movedFractionWithRing: Double { Double(movedWithRing) / Double(keyCount) }

    /// The fraction of uniformly hashed keys `hash % n` moves when n partitions become m.
    ///
    /// A key stays iff h mod n == h mod m, which depends only on h mod lcm(n, m). Of the residues
    /// r in 0..<lcm, exactly min(n, m) qualify: if r mod n == r mod m == x, then r ≡ x modulo both n and m,
    /// so modulo their lcm, and r == x < min(n, m). So 1 − min(n, m)/lcm(n, m) of the keys move:
    /// n/(n+1) for n → n+1 (12 → 13: 92.3 %), but only 1/2 for n → 2n.
    public static func expectedMovedFractionWithModulo(from n: Int, to m: Int) -> Double {
        precondition(n > 0 && m > 0)
        let lcm = n / greatestCommonDivisor(n, m) * m
        return 1 - Double(min(n, m)) / Double(lcm)
    }

    /// The fraction a consistent-hash ring moves when n nodes become m > n: the new nodes' share, (m − n)/m.
    public static func expectedMovedFractionWithRing(from n: Int, to m: Int) -> Double {
        precondition(n > 0 && m >= n)
        return Double(m - n) / Double(m)
    }

    private static func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    /// Counts moves for keys named `"\(keyPrefix)\(i)"`, i in 0..<keyCount.
    public static func measure(keyCount: Int = 100_000, from partitionsBefore: Int = 12, to partitionsAfter: Int = 13,
                               virtualNodesPerNode: Int = 160, keyPrefix: String = "user-") -> PartitionMoveReport {
        precondition(partitionsAfter > partitionsBefore && partitionsBefore > 0)
        let moduloBefore = ModuloPartitioner(partitionCount: partitionsBefore)
        let moduloAfter = ModuloPartitioner(partitionCount: partitionsAfter)
        let ringBefore = ConsistentHashRing(nodes: Array(0..<partitionsBefore), virtualNodesPerNode: virtualNodesPerNode)
        var ringAfter = ringBefore
        for partition in partitionsBefore..<partitionsAfter { ringAfter.add(partition) }

        var report = PartitionMoveReport(keyCount: keyCount, partitionsBefore: partitionsBefore,
                                         partitionsAfter: partitionsAfter, movedWithModulo: 0, movedWithRing: 0,
                                         ringMovesToNewPartitions: 0,
                                         ringKeysPerPartition: Array(repeating: 0, count: partitionsAfter))
        for index in 0..<keyCount {
            let key = Array("\(keyPrefix)\(index)".utf8)
            if moduloBefore.partition(forKey: key) != moduloAfter.partition(forKey: key) { report.movedWithModulo += 1 }
            let before = ringBefore.node(forKey: key)
            let after = ringAfter.node(forKey: key)
            report.ringKeysPerPartition[after] += 1
            if before != after {
                report.movedWithRing += 1
                if after >= partitionsBefore { report.ringMovesToNewPartitions += 1 }
            }
        }
        return report
    }
}
