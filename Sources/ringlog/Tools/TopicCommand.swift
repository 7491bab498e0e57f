import Client
import Glibc

/// `ringlog topic create | list | describe | alter | delete`.
enum TopicCommand {
    static let help = """
        Usage: ringlog topic <action> [options]

        Actions:
          create NAME [--partitions N] [--replication-factor N] [--config KEY=VALUE ...]
          list
          describe NAME          partitions, leaders, log start offset, high watermark, settings
          alter NAME --config KEY=VALUE [--config KEY=VALUE ...]
          delete NAME

        Options:
          --bootstrap HOST:PORT  broker to connect to (default 127.0.0.1:9092)
          -h, --help             this help
        """

    static func run(_ arguments: [String]) -> Int32 {
        let args: ToolSupport.Arguments
        do {
            args = try ToolSupport.parse(arguments, valueFlags: ["--partitions", "--replication-factor", "--config"])
        } catch { return ToolSupport.report(error, tool: "topic") }
        if args.wantsHelp || args.positionals.isEmpty {
            print(help)
            return args.wantsHelp ? 0 : 2
        }
        let action = args.positionals[0]
        let name = args.positionals.count > 1 ? args.positionals[1] : nil
        return ToolSupport.run("topic") {
            func needName() throws -> String {
                guard let name else { throw ToolSupport.UsageError(description: "topic \(action) needs a topic name") }
                return name
            }
            switch action {
            case "create", "list", "describe", "alter", "delete": break
            default: throw ToolSupport.UsageError(description: "unknown action '\(action)'")
            }
            let admin = try await KafkaAdmin(bootstrap: args.bootstrap)
            defer { admin.close() }
            switch action {
            case "create":
                let topic = try needName()
                let partitions = try args.int("--partitions") ?? 1
                try await admin.createTopic(topic, partitions: partitions, replicationFactor: try args.int("--replication-factor"),
                                            configs: try args.configs())
                print("created topic \(topic) with \(partitions) partition\(partitions == 1 ? "" : "s")")
            case "list":
                for topic in try await admin.listTopics() { print(topic) }
            case "describe":
                try await describe(try needName(), admin: admin)
            case "alter":
                let topic = try needName()
                let configs = try args.configs()
                guard !configs.isEmpty else { throw ToolSupport.UsageError(description: "topic alter needs at least one --config KEY=VALUE") }
                try await admin.alterTopicConfigs(topic, set: configs)
                print("updated \(configs.keys.sorted().joined(separator: ", ")) on \(topic)")
            default:
                let topic = try needName()
                try await admin.deleteTopic(topic)
                print("deleted topic \(topic)")
            }
            return 0
        }
    }

    static func describe(_ name: String, admin: KafkaAdmin) async throws {
        let topic = try await admin.describeTopic(name)
        print("Topic: \(topic.name)  Id: \(topic.id.isEmpty ? "-" : topic.id)  Partitions: \(topic.partitions.count)")
        print(ToolSupport.table(
            ["PARTITION", "LEADER", "REPLICAS", "ISR", "LOG-START", "HIGH-WATERMARK"],
            topic.partitions.map { p in
                ["\(p.partition)", "\(p.leader)", p.replicas.map(String.init).joined(separator: ","),
                 p.inSyncReplicas.map(String.init).joined(separator: ","), "\(p.logStartOffset)", "\(p.highWatermark)"]
            }))
        // Settings are extra: a broker without DescribeConfigs still gets its partitions described.
        if let configs = try? await admin.describeConfigs(topic: name) {
            let set = configs.filter { !$0.isDefault }
            print(set.isEmpty ? "Configs: (all defaults)"
                  : "Configs: " + set.map { "\($0.name)=\($0.isSensitive ? "(sensitive)" : ($0.value ?? "null"))" }.joined(separator: ", "))
        }
    }
}
