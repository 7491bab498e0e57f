import Flow

/// `ringlog demo partitions`: Slide 10's `hash % n` next to the Episode 6 consistent-hash ring.
enum PartitionsDemo {
    static func run(_ arguments: ArraySlice<String>) -> [String] {
        var options = DemoOptions(arguments, flagNames: [])
        let keys = options.int("keys", default: 100_000)
        let from = options.int("from", default: 12)
        let to = options.int("to", default: 13)
        let vnodes = options.int("vnodes", default: 160)
        var problems = options.allProblems
        if keys < 1 || keys > 10_000_000 { problems.append("--keys must be in 1...10000000") }
        if from < 1 || to <= from || to > 10_000 { problems.append("need 1 <= --from < --to <= 10000") }
        if vnodes < 1 || vnodes > 10_000 { problems.append("--vnodes must be in 1...10000") }
        guard problems.isEmpty else { return problems }

        let report = PartitionMoveReport.measure(keyCount: keys, from: from, to: to, virtualNodesPerNode: vnodes)
        print("PARTITIONS DEMO: \(DemoText.grouped(keys)) keys (\"user-0\" …), topic grows from \(from) to \(to) partitions")
        print("")
        print("  hash % n (Kafka's default partitioner, murmur2):")
        print("    keys moved: \(DemoText.grouped(report.movedWithModulo)) = "
              + "\(DemoText.fixed(report.movedFractionWithModulo * 100)) % (expected ≈ \(from)/\(to) = "
              + "\(DemoText.fixed(Double(from) / Double(to) * 100)) %)")
        print("  consistent-hash ring (\(vnodes) virtual nodes per partition):")
        print("    keys moved: \(DemoText.grouped(report.movedWithRing)) = "
              + "\(DemoText.fixed(report.movedFractionWithRing * 100)) % (expected ≈ \(to - from)/\(to) = "
              + "\(DemoText.fixed(Double(to - from) / Double(to) * 100)) %), "
              + "\(DemoText.grouped(report.ringMovesToNewPartitions)) of them to the new partition\(to - from == 1 ? "" : "s")")
        let shares = report.ringKeysPerPartition
        let mean = Double(keys) / Double(to)
        let spread = shares.map { abs(Double($0) - mean) / mean }.max() ?? 0
        print("    keys per partition on the ring: " + shares.map(DemoText.grouped).joined(separator: " ")
              + " (largest deviation from even: \(DemoText.fixed(spread * 100)) %)")
        print("")
        print("  With hash % n, almost every key changes partition, so per-key order and any state keyed by")
        print("  partition break; the ring moves only the keys the new partition takes over.")
        return []
    }
}
