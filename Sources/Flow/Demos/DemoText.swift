/// Number formatting for the demos without Foundation's `String(format:)` (which needs full Foundation).
public enum DemoText {
    /// `value` with exactly `digits` decimals, rounded half away from zero.
    public static func fixed(_ value: Double, _ digits: Int = 1) -> String {
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

    /// Milliseconds with one decimal, or three when one would print a nonzero value as "0.0".
    public static func milliseconds(_ value: Double) -> String {
        value != 0 && abs(value) < 0.05 ? fixed(value, 3) : fixed(value)
    }

    /// `value` with thousands separators: 7200000 → "7,200,000".
    public static func grouped<Number: BinaryInteger>(_ value: Number) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return (value < 0 ? "-" : "") + result
    }

    public static func padLeft(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    public static func padRight(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// "123.4 ms" from nanoseconds, choosing µs/ms/s after rounding (999.99 ms reads "1.00 s", not "1000.0 ms").
    public static func duration(nanos: UInt64) -> String {
        let value = Double(nanos)
        if value < 999_950 { return fixed(value / 1_000) + " µs" }
        if value < 999_950_000 { return fixed(value / 1_000_000) + " ms" }
        return fixed(value / 1_000_000_000, 2) + " s"
    }

    /// "1 freeze", "2 freezes".
    public static func count(_ value: some BinaryInteger, _ noun: String, plural: String? = nil) -> String {
        "\(grouped(value)) " + (value == 1 ? noun : plural ?? noun + "s")
    }
}
