import Client
import Glibc

/// `ringlog consume TOPIC`: prints record values, one per line.
enum ConsumeCommand {
    static let help = """
        Usage: ringlog consume TOPIC [options]

        Prints the value of each record, one per line, until --max records or --timeout-ms of silence
        (or Ctrl-C). With --group the consumer joins that group, resumes from its committed offsets,
        and commits what it printed.

        Options:
          --group G              consumer group to join (default: none, read every partition)
          --from-beginning       without a committed offset, start at the oldest record (default: newest)
          --max N                stop after N records
          --timeout-ms T         stop when no record arrives for T milliseconds
          --print-key            print KEY<tab>VALUE
          --bootstrap HOST:PORT  broker to connect to (default 127.0.0.1:9092)
          -h, --help             this help
        """

    static func run(_ arguments: [String]) -> Int32 {
        let args: ToolSupport.Arguments
        do {
            args = try ToolSupport.parse(arguments, valueFlags: ["--group", "--max", "--timeout-ms"], switches: ["--from-beginning", "--print-key"])
        } catch { return ToolSupport.report(error, tool: "consume") }
        if args.wantsHelp || args.positionals.count != 1 {
            print(help)
            return args.wantsHelp ? 0 : 2
        }
        let topic = args.positionals[0]
        return ToolSupport.run("consume") {
            let maxRecords = try args.int("--max")
            let silenceMs = try args.int("--timeout-ms")
            let group = args.value("--group")
            let consumer = try await KafkaConsumer(bootstrap: args.bootstrap, groupId: group,
                                                   autoOffsetReset: args.switches.contains("--from-beginning") ? .earliest : .latest,
                                                   maxPollRecords: min(maxRecords ?? 500, 500))
            if group != nil { try consumer.subscribe([topic]) } else { try await consumer.assign(topic: topic) }
            var printed = 0
            var lastRecordMs = ContinuousClock.now
            Interruption.stopGracefully()
            while (maxRecords.map({ printed < $0 }) ?? true) && !Interruption.wasRequested {
                let records = try await consumer.poll(timeout: .milliseconds(200))
                var next: [TopicPartition: Int64] = [:]
                for r in records {
                    if let maxRecords, printed >= maxRecords { break }
                    if args.switches.contains("--print-key") {
                        ToolSupport.writeLine((r.key ?? []) + [0x09] + (r.value ?? []))
                    } else {
                        ToolSupport.writeLine(r.value ?? [])
                    }
                    printed += 1
                    next[TopicPartition(r.topic, r.partition)] = r.offset + 1
                }
                fflush(stdout)
                if !records.isEmpty { lastRecordMs = .now }
                // Commit exactly what was printed (a poll may return more than --max leaves room for).
                if group != nil && !next.isEmpty { try await consumer.commit(next) }
                if let silenceMs, ContinuousClock.now - lastRecordMs >= .milliseconds(silenceMs) { break }
            }
            await consumer.close()
            fputs("consumed \(printed) record\(printed == 1 ? "" : "s") from \(topic)\n", stderr)
            return 0
        }
    }
}
