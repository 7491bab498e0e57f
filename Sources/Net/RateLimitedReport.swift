/// Counts a recurring failure and says when to log it: the first at once, then at most one line per
/// `intervalNs`, carrying how many happened since the last line. An EMFILE storm is one accept
/// failure per connection attempt; logging each would flood the log exactly when the process is
/// short of resources.
struct RateLimitedReport {
    let intervalNs: UInt64
    private var lastReportNs: UInt64?
    private var unreported = 0

    init(intervalNs: UInt64 = 1_000_000_000) {
        self.intervalNs = intervalNs
    }

    /// Records one occurrence at `nowNs`; returns the number to report (this one included) when a
    /// line is due, nil while within the interval of the last line.
    mutating func note(nowNs: UInt64) -> Int? {
        unreported += 1
        if let lastReportNs, nowNs &- lastReportNs < intervalNs { return nil }
        lastReportNs = nowNs
        defer { unreported = 0 }
        return unreported
    }
}
