import Glibc

/// `ringlog demo <name> [options]`: the storyboard's demos, computed by the Flow module on a simulated
/// clock (deterministic and instant). `main.swift` passes everything after `ringlog demo`.
enum DemoCommand {
    static let usage = """
        usage: ringlog demo <jitter | backpressure | partitions> [options]

          jitter        frames arriving with network jitter, played at a steady frame rate
                        without a buffer and with a jitter buffer
            --fps N             playout frame rate (default 30)
            --delay-ms N        jitter buffer playout delay (default 100)
            --arrivals A,B,...  arrival times in ms of frames 1, 2, ... (default: the storyboard's
                                0,50,80,150,160,250)
            --random N          instead, N frames (1...10000) with random network delay
                                (not together with --arrivals)
            --jitter-ms N       with --random: the delay's range, 0..N ms (default 80)
            --seed N            with --random: the random seed (default 1)
            --drop-late         drop late frames instead of playing them late
            --adaptive          let the buffer grow its delay to the measured jitter

          backpressure  a producer outrunning its consumer: unbounded backlog, then each policy
                        on a bounded queue, and the decision matrix
            --producer N        producer rate, msg/s (default 10000)
            --consumer N        consumer rate, msg/s (default 8000)
            --capacity N        queue bound, messages (default 10000)
            --seconds N         simulated run per policy (default 60), simulated message by
                                message: (producer + consumer) × seconds at most 100,000,000

          partitions    keys that move when a topic grows, hash % n versus a consistent-hash ring
            --keys N            keys hashed (default 100000)
            --from N --to M     partition counts (default 12 → 13)
            --vnodes N          virtual nodes per partition on the ring (default 160)
        """

    /// Runs the demo named by `arguments[0]`; returns the process exit status.
    static func run(_ arguments: [String]) -> Int32 {
        guard let name = arguments.first, name != "--help", name != "-h", name != "help" else {
            print(usage)
            return arguments.isEmpty ? 2 : 0
        }
        let rest = arguments.dropFirst()
        if rest.contains("--help") || rest.contains("-h") {
            print(usage)
            return 0
        }
        let problems: [String]
        switch name {
        case "jitter": problems = JitterDemo.run(rest)
        case "backpressure": problems = BackpressureDemo.run(rest)
        case "partitions": problems = PartitionsDemo.run(rest)
        default: problems = ["unknown demo '\(name)'"]
        }
        guard problems.isEmpty else {
            for problem in problems { printError("ringlog demo: \(problem)") }
            printError(usage)
            return 2
        }
        return 0
    }

    static func printError(_ text: String) {
        var standardError = StandardError()
        print(text, to: &standardError)
    }
}

/// Writes to the process's standard error.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) { fputs(string, stderr) }
}
