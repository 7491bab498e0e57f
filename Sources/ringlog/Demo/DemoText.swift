/// Number formatting for the demos without Foundation's `String(format:)` (which needs full Foundation).
enum DemoText {
    /// `value` with exactly `digits` decimals, rounded half away from zero.
    static func fixed(_ value: Double, _ digits: Int = 1) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int(scaled / scale)
        let fraction = Int(scaled - Double(whole) * scale)
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard digits > 0 else { return sign + String(whole) }
        let fractionText = String(fraction)
        return sign + String(whole) + "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
    }

    /// `value` with thousands separators: 7200000 → "7,200,000".
    static func grouped<Number: BinaryInteger>(_ value: Number) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return (value < 0 ? "-" : "") + result
    }

    static func padLeft(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    static func padRight(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// "123.4 ms" from nanoseconds, choosing µs/ms/s.
    static func duration(nanos: UInt64) -> String {
        let value = Double(nanos)
        if value < 1_000_000 { return fixed(value / 1_000) + " µs" }
        if value < 1_000_000_000 { return fixed(value / 1_000_000) + " ms" }
        return fixed(value / 1_000_000_000, 2) + " s"
    }
}

/// Reads `--name value` options.
struct DemoOptions {
    private var values: [String: String] = [:]
    private(set) var flags: Set<String> = []
    private(set) var problems: [String] = []

    init(_ arguments: ArraySlice<String>, flagNames: Set<String>) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            guard argument.hasPrefix("--") else {
                problems.append("unexpected argument '\(argument)'")
                continue
            }
            let name = String(argument.dropFirst(2))
            if flagNames.contains(name) {
                flags.insert(name)
            } else if let value = iterator.next() {
                values[name] = value
            } else {
                problems.append("option --\(name) needs a value")
            }
        }
    }

    mutating func double(_ name: String, default fallback: Double) -> Double {
        guard let text = values.removeValue(forKey: name) else { return fallback }
        guard let value = Double(text) else {
            problems.append("--\(name) expects a number, got '\(text)'")
            return fallback
        }
        return value
    }

    mutating func int(_ name: String, default fallback: Int) -> Int {
        guard let text = values.removeValue(forKey: name) else { return fallback }
        guard let value = Int(text) else {
            problems.append("--\(name) expects an integer, got '\(text)'")
            return fallback
        }
        return value
    }

    mutating func string(_ name: String) -> String? { values.removeValue(forKey: name) }

    /// Problems, including options nobody asked for.
    var allProblems: [String] { problems + values.keys.sorted().map { "unknown option --\($0)" } }
}
