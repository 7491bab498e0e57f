import Client
import Glibc

/// `ringlog produce TOPIC`: one record per line of standard input.
enum ProduceCommand {
    static let help = """
        Usage: ringlog produce TOPIC [options] < lines

        Sends each line of standard input as one record, then waits until every record is acknowledged.

        Options:
          --key-separator SEP    split each line at the first SEP into key and value (default: no key)
          --acks 0|1|all         acknowledgements to wait for (default all)
          --linger-ms N          how long a batch waits for more records (default 5)
          --bootstrap HOST:PORT  broker to connect to (default 127.0.0.1:9092)
          -h, --help             this help
        """

    static func run(_ arguments: [String]) -> Int32 {
        let args: ToolSupport.Arguments
        do { args = try ToolSupport.parse(arguments, valueFlags: ["--key-separator", "--acks", "--linger-ms"]) } catch {
            return ToolSupport.report(error, tool: "produce")
        }
        if args.wantsHelp || args.positionals.count != 1 {
            print(help)
            return args.wantsHelp ? 0 : 2
        }
        let topic = args.positionals[0]
        return ToolSupport.run("produce") {
            let acksText = args.value("--acks") ?? "all"
            guard let acks = Acks(text: acksText) else { throw ToolSupport.UsageError(description: "--acks must be 0, 1 or all, got '\(acksText)'") }
            let separator = args.value("--key-separator").map { Array($0.utf8) }
            if let separator, separator.isEmpty { throw ToolSupport.UsageError(description: "--key-separator must not be empty") }
            let producer = try await KafkaProducer(bootstrap: args.bootstrap, acks: acks,
                                                   lingerMs: try args.int("--linger-ms") ?? KafkaProducer.Defaults.lingerMs)
            var count = 0
            while let line = readLine(strippingNewline: true) {
                let bytes = Array(line.utf8)
                var key: [UInt8]? = nil
                var value = bytes
                if let separator, let at = firstIndex(of: separator, in: bytes) {
                    key = Array(bytes[..<at])
                    value = Array(bytes[(at + separator.count)...])
                }
                _ = try await producer.submit(topic: topic, key: key, value: value)
                count += 1
            }
            try await producer.close()
            fputs("produced \(count) record\(count == 1 ? "" : "s") to \(topic)\n", stderr)
            return 0
        }
    }

    static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if haystack[i..<i + needle.count].elementsEqual(needle) { return i }
        }
        return nil
    }
}
