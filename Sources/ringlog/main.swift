import Glibc

// ringlog: one binary for the broker and its tools. Each subcommand lives in its own folder.
let arguments = Array(CommandLine.arguments.dropFirst())
let usage = """
    ringlog — a Kafka-compatible streaming log

    Usage: ringlog <command> [options]

    Commands:
      serve      run the broker (Kafka protocol on 127.0.0.1:9092, data in ./data)
      demo       the storyboard's demos: jitter, backpressure, partitions

    Run `ringlog <command> --help` for a command's options.
    """

switch arguments.first {
case "serve":
    exit(ServeCommand.run(Array(arguments.dropFirst())))
case "demo":
    exit(DemoCommand.run(Array(arguments.dropFirst())))
case "-h", "--help", "help", nil:
    print(usage)
    exit(arguments.isEmpty ? 2 : 0)
default:
    fputs("ringlog: unknown command '\(arguments[0])'\n\n\(usage)\n", stderr)
    exit(2)
}
