import Broker
import Glibc
import XCTest

/// An in-process broker on a free port with a temporary data directory, stopped and removed at teardown.
final class BrokerFixture {
    let broker: Broker
    let directory: String
    var bootstrap: String { "127.0.0.1:\(broker.boundPort)" }

    init(defaultPartitions: Int = 1) throws {
        var template = Array("/tmp/ringlog-client-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw XCTSkip("cannot make a temp dir") }
        directory = String(cString: made)
        var config = BrokerConfig()
        config.listenPort = 0
        config.dataDirectory = directory
        config.reactorCount = 1
        config.defaultPartitionCount = defaultPartitions
        broker = try Broker(config: config, logger: Logger(minimumLevel: .warn))
        try broker.start()
    }

    func stop() {
        broker.stop()
        _ = system("rm -rf '\(directory)'")
    }
}
