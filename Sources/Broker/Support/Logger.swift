import Glibc

/// Leveled logging to stderr. One line per event: `2026-12-03T14:09:39.123Z INFO  message`.
/// Not on the data path: callers log events (start, repair, errors), never per request.
public final class Logger: @unchecked Sendable {
    public enum Level: Int, Comparable, Sendable {
        case debug = 0, info, warn, error
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
        public init?(name: String) {
            switch name.lowercased() {
            case "debug": self = .debug
            case "info": self = .info
            case "warn", "warning": self = .warn
            case "error": self = .error
            default: return nil
            }
        }
        var label: String { ["DEBUG", "INFO ", "WARN ", "ERROR"][rawValue] }
    }

    public let minimumLevel: Level
    private var lock = pthread_mutex_t()

    public init(minimumLevel: Level = .info) {
        self.minimumLevel = minimumLevel
        pthread_mutex_init(&lock, nil)
    }

    public func debug(_ message: @autoclosure () -> String) { write(.debug, message) }
    public func info(_ message: @autoclosure () -> String) { write(.info, message) }
    public func warn(_ message: @autoclosure () -> String) { write(.warn, message) }
    public func error(_ message: @autoclosure () -> String) { write(.error, message) }

    private func write(_ level: Level, _ message: () -> String) {
        guard level >= minimumLevel else { return }
        let line = "\(Logger.timestamp()) \(level.label) \(message())\n"
        pthread_mutex_lock(&lock)
        fputs(line, stderr)
        pthread_mutex_unlock(&lock)
    }

    /// UTC ISO-8601 with milliseconds, without Foundation's formatters (absent from FoundationEssentials).
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ v: Int32, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        let ms = Int32(now.tv_nsec / 1_000_000)
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(ms, 3))Z"
    }
}
