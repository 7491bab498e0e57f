import Glibc

// ringlog: one binary for the broker and its tools. Each subcommand lives in its own folder.
let ringlogVersion = "0.1.0"
let arguments = Array(CommandLine.arguments.dropFirst())
let usage = """
    ringlog — a Kafka-compatible streaming log

    Usage: ringlog <command> [options]

    Commands:
      serve      run the broker (Kafka protocol on 127.0.0.1:9092, data in ./data)
      demo       the storyboard's demos: jitter, backpressure, partitions
      topic      create, list, describe, alter, delete topics
      produce    send lines from stdin as records
      consume    print records, optionally as a member of a consumer group
      group      list consumer groups, describe one (members, offsets, lag)

    Run `ringlog <command> --help` for a command's options; `ringlog --version` for the version.
    """

switch arguments.first {
case "serve":
    exit(ServeCommand.run(Array(arguments.dropFirst())))
case "demo":
    exit(DemoCommand.run(Array(arguments.dropFirst())))
case "topic":
    exit(TopicCommand.run(Array(arguments.dropFirst())))
case "produce":
    exit(ProduceCommand.run(Array(arguments.dropFirst())))
case "consume":
    exit(ConsumeCommand.run(Array(arguments.dropFirst())))
case "group":
    exit(GroupCommand.run(Array(arguments.dropFirst())))
case "--version", "version":
    print("ringlog \(ringlogVersion)")
    exit(0)
case "-h", "--help", "help", nil:
    print(usage)
    exit(arguments.isEmpty ? 2 : 0)
default:
    fputs("ringlog: unknown command '\(arguments[0])'\n\n\(usage)\n", stderr)
    exit(2)
}
