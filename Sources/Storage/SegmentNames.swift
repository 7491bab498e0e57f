/// File names of a segment: the base offset in 20 zero-padded digits, so names sort by offset.
enum SegmentNames {
    static let logSuffix = ".log"
    static let indexSuffix = ".index"
    static let timeIndexSuffix = ".timeindex"

    static func stem(_ baseOffset: Int64) -> String {
        let digits = String(baseOffset)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    /// The base offset of a `.log` file name, nil for other files.
    static func baseOffset(ofLogFile name: String) -> Int64? {
        guard name.hasSuffix(logSuffix) else { return nil }
        let stem = name.dropLast(logSuffix.count)
        guard stem.count == 20, stem.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(stem)
    }
}
