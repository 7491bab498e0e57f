import Flow

/// `ringlog demo backpressure`: Slides 13–14 of the storyboard (text built by Flow).
enum BackpressureDemo {
    static func run(_ arguments: ArraySlice<String>) -> [String] {
        let output = BackpressureDemoReport.run(arguments)
        for line in output.lines { print(line) }
        return output.problems
    }
}
