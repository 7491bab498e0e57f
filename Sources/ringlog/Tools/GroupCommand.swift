import Client
import Glibc

/// `ringlog group list | describe GROUP`.
enum GroupCommand {
    static let help = """
        Usage: ringlog group <action> [options]

        Actions:
          list                   every consumer group, with its state
          describe GROUP         members and their partitions; per partition the committed offset,
                                 the high watermark (log end) and the lag between them

        Options:
          --bootstrap HOST:PORT  broker to connect to (default 127.0.0.1:9092)
          -h, --help             this help
        """

    static func run(_ arguments: [String]) -> Int32 {
        let args: ToolSupport.Arguments
        do { args = try ToolSupport.parse(arguments, valueFlags: []) } catch { return ToolSupport.report(error, tool: "group") }
        if args.wantsHelp || args.positionals.isEmpty {
            print(help)
            return args.wantsHelp ? 0 : 2
        }
        let action = args.positionals[0]
        return ToolSupport.run("group") {
            switch action {
            case "list":
                let admin = try await KafkaAdmin(bootstrap: args.bootstrap)
                defer { admin.close() }
                let groups = try await admin.listGroups()
                print(ToolSupport.table(["GROUP", "STATE", "PROTOCOL-TYPE"],
                                        groups.map { [$0.groupId, $0.state.isEmpty ? "-" : $0.state, $0.protocolType.isEmpty ? "-" : $0.protocolType] }))
            case "describe":
                guard args.positionals.count > 1 else { throw ToolSupport.UsageError(description: "group describe needs a group id") }
                let admin = try await KafkaAdmin(bootstrap: args.bootstrap)
                defer { admin.close() }
                let group = try await admin.describeGroup(args.positionals[1])
                // DescribeGroups answers "Dead" for a group it has never seen: say so, as Kafka's tool does.
                guard group.state != "Dead" || !group.members.isEmpty || !group.partitions.isEmpty else {
                    fputs("ringlog group: consumer group '\(group.groupId)' does not exist\n", stderr)
                    return 1
                }
                print(render(group))
            default:
                throw ToolSupport.UsageError(description: "unknown action '\(action)'")
            }
            return 0
        }
    }

    static func render(_ g: GroupDescription) -> String {
        var out = "Group: \(g.groupId)  State: \(g.state)  Protocol: \(g.assignmentProtocol.isEmpty ? "-" : g.assignmentProtocol)"
            + "  Coordinator: \(g.coordinator)  Members: \(g.members.count)  Total lag: \(g.totalLag)\n"
        if !g.members.isEmpty {
            out += "\n" + ToolSupport.table(["MEMBER-ID", "CLIENT-ID", "HOST", "ASSIGNMENT"], g.members.map { m in
                [m.memberId, m.clientId, m.host, m.assignment.isEmpty ? "-" : m.assignment.map(\.description).joined(separator: ",")]
            }) + "\n"
        }
        out += "\n" + ToolSupport.table(["TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID"], g.partitions.map { p in
            [p.topic, "\(p.partition)", p.committedOffset.map(String.init) ?? "-", "\(p.highWatermark)",
             p.lag.map(String.init) ?? "-", p.memberId ?? "-"]
        })
        return out
    }
}
