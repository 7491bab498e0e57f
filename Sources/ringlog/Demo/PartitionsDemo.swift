import Flow

/// `ringlog demo partitions`: Slide 10's `hash % n` next to the Episode 6 consistent-hash ring (text built by Flow).
enum PartitionsDemo {
    static func run(_ arguments: ArraySlice<String>) -> [String] {
        let output = PartitionsDemoReport.run(arguments)
        for line in output.lines { print(line) }
        return output.problems
    }
}
