import Flow

/// `ringlog demo jitter`: Slides 3–5 of the storyboard as two printed timelines (text built by Flow).
enum JitterDemo {
    static func run(_ arguments: ArraySlice<String>) -> [String] {
        let output = JitterDemoReport.run(arguments)
        for line in output.lines { print(line) }
        return output.problems
    }
}
