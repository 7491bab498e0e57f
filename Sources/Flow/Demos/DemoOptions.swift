/// Reads `--name value` options and `--flag`s, and collects every problem instead of stopping at the first.
public struct DemoOptions {
    private var values: [String: String] = [:]
    public private(set) var flags: Set<String> = []
    private var problems: [String] = []

    /// `valueNames` take a value, `flagNames` do not; any other `--name` is an unknown option.
    public init(_ arguments: some Sequence<String>, valueNames: Set<String>, flagNames: Set<String>) {
        var iterator = arguments.makeIterator()
        var pending = iterator.next()
        while let argument = pending {
            pending = iterator.next()
            guard argument.hasPrefix("--") else {
                problems.append("unexpected argument '\(argument)'")
                continue
            }
            let name = String(argument.dropFirst(2))
            if flagNames.contains(name) {
                flags.insert(name)
            } else if valueNames.contains(name) {
                guard let value = pending else {
                    problems.append("option --\(name) needs a value")
                    continue
                }
                pending = iterator.next()
                if values[name] != nil { problems.append("option --\(name) is given twice") }
                values[name] = value
            } else {
                problems.append("unknown option --\(name)")
                // Its value, if it has one, is not a second problem.
                if let value = pending, !value.hasPrefix("--") { pending = iterator.next() }
            }
        }
    }

    public func isGiven(_ name: String) -> Bool { values[name] != nil || flags.contains(name) }

    /// A finite number (`1e5` is fine; `nan` and `inf` are not).
    public mutating func double(_ name: String, default fallback: Double) -> Double {
        guard let text = values[name] else { return fallback }
        guard let value = Double(text), value.isFinite else {
            problems.append("--\(name) expects a number, got '\(text)'")
            return fallback
        }
        return value
    }

    public mutating func int(_ name: String, default fallback: Int) -> Int {
        optionalInt(name) ?? fallback
    }

    /// nil when the option is absent (or not an integer, which is then a problem).
    public mutating func optionalInt(_ name: String) -> Int? {
        guard let text = values[name] else { return nil }
        guard let value = Int(text) else {
            problems.append("--\(name) expects an integer, got '\(text)'")
            return nil
        }
        return value
    }

    public func string(_ name: String) -> String? { values[name] }

    /// Adds a problem found while validating the values.
    public mutating func reject(_ problem: String) { problems.append(problem) }

    public var allProblems: [String] { problems }
}

/// What a demo produced: the lines to print, or the problems with its options.
public struct DemoOutput: Sendable, Equatable {
    public var lines: [String]
    public var problems: [String]

    public init(lines: [String] = [], problems: [String] = []) {
        self.lines = lines
        self.problems = problems
    }
}
