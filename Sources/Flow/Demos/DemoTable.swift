/// A text table whose columns are as wide as their widest cell, so no two columns ever touch.
public struct DemoTable {
    public enum Alignment { case left, right }

    public var headers: [String]
    public var alignments: [Alignment]
    public var rows: [[String]] = []
    /// Spaces between two columns.
    public var gapWidth = 2

    public init(_ columns: [(String, Alignment)]) {
        headers = columns.map(\.0)
        alignments = columns.map(\.1)
    }

    public mutating func append(_ row: [String]) {
        precondition(row.count == headers.count, "a row needs one cell per column")
        rows.append(row)
    }

    /// The header line, then one line per row.
    public var lines: [String] {
        let widths = headers.indices.map { column in
            ([headers] + rows).map { $0[column].count }.max() ?? 0
        }
        return ([headers] + rows).map { cells in
            cells.indices.map { column in
                alignments[column] == .right ? DemoText.padLeft(cells[column], widths[column])
                                             : DemoText.padRight(cells[column], widths[column])
            }.joined(separator: String(repeating: " ", count: gapWidth)).trimmingTrailingSpaces()
        }
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = Substring(self)
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
