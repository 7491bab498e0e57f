import Synchronization
import Client
import Dispatch
import Glibc

/// What the client tools share: flag parsing, the bootstrap address, running async code from the
/// synchronous entry point, error messages in a user's words, and plain-text tables.
enum ToolSupport {
    static let defaultBootstrap = "127.0.0.1:9092"

    struct UsageError: Error, CustomStringConvertible { let description: String }

    /// Parsed command line: positionals, `--flag value` (repeatable), and switches.
    struct Arguments {
        var positionals: [String] = []
        var values: [String: [String]] = [:]
        var switches: Set<String> = []
        var wantsHelp = false

        func value(_ flag: String) -> String? { values[flag]?.last }
        var bootstrap: String { value("--bootstrap") ?? ToolSupport.defaultBootstrap }

        func int(_ flag: String) throws -> Int? {
            guard let text = value(flag) else { return nil }
            guard let n = Int(text), n >= 0 else { throw UsageError(description: "\(flag) must be a whole number, got '\(text)'") }
            return n
        }

        /// `--config k=v` pairs.
        func configs() throws -> [String: String] {
            var out: [String: String] = [:]
            for pair in values["--config"] ?? [] {
                guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                    throw UsageError(description: "--config takes KEY=VALUE, got '\(pair)'")
                }
                out[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
            }
            return out
        }
    }

    static func parse(_ arguments: [String], valueFlags: Set<String>, switches: Set<String> = []) throws -> Arguments {
        var parsed = Arguments()
        let valueFlags = valueFlags.union(["--bootstrap"])
        var i = 0
        while i < arguments.count {
            var arg = arguments[i]
            i += 1
            if arg == "-h" || arg == "--help" { parsed.wantsHelp = true; continue }
            guard arg.hasPrefix("--") else { parsed.positionals.append(arg); continue }
            var value: String?
            if let eq = arg.firstIndex(of: "=") {
                value = String(arg[arg.index(after: eq)...])
                arg = String(arg[..<eq])
            }
            if switches.contains(arg) { parsed.switches.insert(arg); continue }
            guard valueFlags.contains(arg) else { throw UsageError(description: "unknown option '\(arg)'") }
            if value == nil {
                guard i < arguments.count else { throw UsageError(description: "\(arg) needs a value") }
                value = arguments[i]
                i += 1
            }
            parsed.values[arg, default: []].append(value!)
        }
        return parsed
    }

    /// Runs an async tool body from synchronous code and returns its exit status.
    static func run(_ tool: String, _ body: @escaping @Sendable () async throws -> Int32) -> Int32 {
        let done = DispatchSemaphore(value: 0)
        let status = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        defer { status.deallocate() }
        nonisolated(unsafe) let out = status
        Task {
            do { out.pointee = try await body() } catch {
                out.pointee = report(error, tool: tool)
            }
            done.signal()
        }
        done.wait()
        return status.pointee
    }

    /// Prints an error in a user's words; returns the exit status (2 for usage, 1 otherwise).
    static func report(_ error: Error, tool: String) -> Int32 {
        if let usage = error as? UsageError {
            fputs("ringlog \(tool): \(usage)\n\nRun `ringlog \(tool) --help` for the options.\n", stderr)
            return 2
        }
        var text = "\(error)"
        if case ClientError.cannotConnect(_, let reason)? = error as? ClientError, reason == "connection refused" {
            text += " — is `ringlog serve` running?"
        }
        fputs("ringlog \(tool): \(text)\n", stderr)
        return 1
    }

    /// Left-aligned columns separated by two spaces.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in i == cells.count - 1 ? c : c + String(repeating: " ", count: widths[i] - c.count) }
                .joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }

    /// Writes raw bytes and a newline to stdout.
    static func writeLine(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, stdout) }
        fputc(0x0A, stdout)
    }
}

/// Ctrl-C (or SIGTERM) during a long-running tool asks it to finish: the consume loop stops at its next
/// poll and closes the consumer, which leaves the group at once instead of stalling the other members
/// until the session times out. A second signal kills as usual (the handler resets itself).
enum Interruption {
    private static let requested = Atomic<Bool>(false)

    static var wasRequested: Bool { requested.load(ordering: .relaxed) }

    static func stopGracefully() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig) { received in
                Interruption.requested.store(true, ordering: .relaxed)
                signal(received, SIG_DFL)
            }
        }
    }
}
