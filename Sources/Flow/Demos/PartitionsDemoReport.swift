/// `ringlog demo partitions`: Slide 10's `hash % n` next to the Episode 6 consistent-hash ring.
/// The options are checked here and the text is built here.
public enum PartitionsDemoReport {
    public static let valueNames: Set<String> = ["keys", "from", "to", "vnodes"]
    public static let keysMax = 10_000_000
    public static let partitionsMax = 10_000
    public static let virtualNodesMax = 10_000

    /// The demo's text for `arguments` (everything after `ringlog demo partitions`), or what is wrong with them.
    public static func run(_ arguments: some Sequence<String>) -> DemoOutput {
        var options = DemoOptions(arguments, valueNames: valueNames, flagNames: [])
        let keys = options.int("keys", default: 100_000)
        let from = options.int("from", default: 12)
        let to = options.int("to", default: 13)
        let vnodes = options.int("vnodes", default: 160)
        if keys < 1 || keys > keysMax { options.reject("--keys must be in 1...\(keysMax)") }
        if from < 1 || to <= from || to > partitionsMax { options.reject("need 1 <= --from < --to <= \(partitionsMax)") }
        if vnodes < 1 || vnodes > virtualNodesMax { options.reject("--vnodes must be in 1...\(virtualNodesMax)") }
        guard options.allProblems.isEmpty else { return DemoOutput(problems: options.allProblems) }
        let report = PartitionMoveReport.measure(keyCount: keys, from: from, to: to, virtualNodesPerNode: vnodes)
        return DemoOutput(lines: lines(report, virtualNodesPerNode: vnodes))
    }

    static func lines(_ report: PartitionMoveReport, virtualNodesPerNode vnodes: Int) -> [String] {
        let (keys, from, to) = (report.keyCount, report.partitionsBefore, report.partitionsAfter)
        let expectedModulo = PartitionMoveReport.expectedMovedFractionWithModulo(from: from, to: to)
        let expectedRing = PartitionMoveReport.expectedMovedFractionWithRing(from: from, to: to)
        let lcm = Int((Double(min(from, to)) / (1 - expectedModulo)).rounded())
        var out: [String] = []
        out.append("PARTITIONS DEMO: \(DemoText.grouped(keys)) keys (\"user-0\" …), topic grows from \(from) to \(to) partitions")
        out.append("")
        out.append("  hash % n (Kafka's default partitioner, murmur2):")
        out.append("    keys moved: \(DemoText.grouped(report.movedWithModulo)) = \(percent(report.movedFractionWithModulo)) "
                   + "(expected 1 − \(from)/lcm(\(from), \(to)) = 1 − \(from)/\(lcm) = \(percent(expectedModulo)): "
                   + "a key stays only where h mod \(from) = h mod \(to))")
        out.append("  consistent-hash ring (\(vnodes) virtual nodes per partition):")
        out.append("    keys moved: \(DemoText.grouped(report.movedWithRing)) = \(percent(report.movedFractionWithRing)) "
                   + "(expected ≈ \(to - from)/\(to) = \(percent(expectedRing))), "
                   + "\(DemoText.grouped(report.ringMovesToNewPartitions)) of them to the new partition\(to - from == 1 ? "" : "s")")
        let shares = report.ringKeysPerPartition
        let mean = Double(keys) / Double(to)
        let spread = shares.map { abs(Double($0) - mean) / mean }.max() ?? 0
        out.append("    keys per partition on the ring: " + shares.map(DemoText.grouped).joined(separator: " ")
                   + " (largest deviation from even: \(percent(spread)))")
        out.append("")
        out += conclusion(moduloFraction: expectedModulo, ringFraction: expectedRing, from: from, to: to)
        return out
    }

    /// The closing remark, from the expected fractions rather than a fixed sentence: n → 2n, for one,
    /// moves only half the keys under `hash % n`, exactly as many as the ring.
    static func conclusion(moduloFraction: Double, ringFraction: Double, from: Int, to: Int) -> [String] {
        let share: String
        switch moduloFraction {
        case 0.9...: share = "almost every key changes partition (\(percent(moduloFraction)))"
        case 0.5...: share = "most keys change partition (\(percent(moduloFraction)))"
        default: share = "\(percent(moduloFraction)) of the keys change partition"
        }
        if moduloFraction <= ringFraction + 1e-12 {
            return ["  With hash % n, \(share): \(to) is a multiple of \(from), so each moved key goes to a new partition",
                    "  and hash % n moves no more keys than the ring (\(percent(ringFraction))); any other count moves more."]
        }
        return ["  With hash % n, \(share), so per-key order and any state keyed by partition break for them;",
                "  the ring moves only the \(percent(ringFraction)) the new partition\(to - from == 1 ? "" : "s") take\(to - from == 1 ? "s" : "") over."]
    }

    private static func percent(_ fraction: Double) -> String { DemoText.fixed(fraction * 100) + " %" }
}
