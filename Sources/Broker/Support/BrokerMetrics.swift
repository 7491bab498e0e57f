import Flow
import Wire

/// What the broker measures about itself, with Flow's fixed-memory instruments: per-API request latency
/// (p50/p99/p999 from arrival of the frame to the answer being handed to the network) and byte rates in
/// and out. Read by the shutdown summary today, by /metrics and the console later.
final class BrokerMetrics: @unchecked Sendable {
    let clock = MonotonicClock()
    /// One histogram per advertised API, made once: the table never changes, so reads need no lock.
    private let latencyByApi: [Int16: SharedLatencyHistogram]
    let producedBytes = RateMeter()
    let fetchedBytes = RateMeter()

    init(apis: [ApiKey]) {
        latencyByApi = Dictionary(uniqueKeysWithValues: apis.map { ($0.rawValue, SharedLatencyHistogram()) })
    }

    func recordRequest(_ api: ApiKey, startedNanos: UInt64) {
        latencyByApi[api.rawValue]?.record(valueNanos: clock.nowNanos() &- startedNanos)
    }

    func latency(of api: ApiKey) -> LatencyHistogram? { latencyByApi[api.rawValue]?.snapshot() }

    /// One line per API that saw traffic, e.g. `Produce: 1200 requests, p50 0.08 ms, p99 0.9 ms, p999 2.1 ms`.
    func summaryLines() -> [String] {
        var lines: [String] = []
        for (api, _) in SupportedApis.ranges {
            guard let h = latency(of: api), h.count > 0 else { continue }
            func ms(_ q: Double) -> String { formatMilliseconds(h.value(atQuantile: q)) }
            lines.append("\(api.name): \(h.count) requests, p50 \(ms(0.5)) ms, p99 \(ms(0.99)) ms, p999 \(ms(0.999)) ms")
        }
        lines.append("bytes in (produce): \(producedBytes.total), bytes out (fetch): \(fetchedBytes.total)")
        return lines
    }
}

/// Nanoseconds as milliseconds with three decimals, without Foundation's formatters.
func formatMilliseconds(_ nanos: UInt64) -> String {
    let micros = nanos / 1000
    let fraction = String(micros % 1000)
    return "\(micros / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
}
