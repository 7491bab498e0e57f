import XCTest
@testable import Broker

final class BrokerConfigTests: XCTestCase {
    func testDefaultsAreADevBroker() {
        let config = BrokerConfig()
        XCTAssertEqual(config.listenHost, "127.0.0.1")
        XCTAssertEqual(config.listenPort, 9092)
        XCTAssertEqual(config.dataDirectory, "./data")
        XCTAssertTrue(config.autoCreateTopics)
        XCTAssertEqual(config.requestBytesMax, 104_857_600)
        XCTAssertEqual(config.advertised.host, "127.0.0.1")
        XCTAssertEqual(config.advertised.port, 9092)
    }

    func testServerPropertiesUseKafkaNames() throws {
        var config = BrokerConfig()
        try config.apply(propertiesText: """
            # a comment
            ! another comment
            listeners=PLAINTEXT://0.0.0.0:19092
            advertised.listeners=PLAINTEXT://broker.local:29092
            log.dirs=/var/lib/ringlog,/ignored/second
            num.partitions = 3
            auto.create.topics.enable=false
            log.segment.bytes=1048576
            socket.request.max.bytes=5000
            some.unknown.key=kept
            """)
        XCTAssertEqual(config.listenHost, "0.0.0.0")
        XCTAssertEqual(config.listenPort, 19092)
        XCTAssertEqual(config.advertised.host, "broker.local")
        XCTAssertEqual(config.advertised.port, 29092)
        XCTAssertEqual(config.dataDirectory, "/var/lib/ringlog")
        XCTAssertEqual(config.defaultPartitionCount, 3)
        XCTAssertFalse(config.autoCreateTopics)
        XCTAssertEqual(config.segmentBytes, 1_048_576)
        XCTAssertEqual(config.requestBytesMax, 5000)
        XCTAssertEqual(config.properties["some.unknown.key"], "kept")
    }

    func testAllInterfacesAdvertiseLoopback() throws {
        var config = BrokerConfig()
        try config.apply(key: "listeners", value: "PLAINTEXT://:9999")
        XCTAssertEqual(config.listenHost, "0.0.0.0")
        XCTAssertEqual(config.advertised.host, "127.0.0.1")
        XCTAssertEqual(config.advertised.port, 9999)
    }

    func testBadValuesAreExplained() {
        var config = BrokerConfig()
        XCTAssertThrowsError(try config.apply(key: "num.partitions", value: "zero")) { error in
            XCTAssertTrue("\(error)".contains("num.partitions must be a positive integer"))
        }
        XCTAssertThrowsError(try config.apply(key: "auto.create.topics.enable", value: "yes"))
        XCTAssertThrowsError(try config.apply(key: "listeners", value: "PLAINTEXT://nohost"))
        XCTAssertThrowsError(try config.apply(propertiesText: "just-a-key-without-value"))
    }

    func testOnlyPlaintextListenersAreServed() throws {
        var config = BrokerConfig()
        try config.apply(key: "listeners", value: "CONTROLLER://:9093,PLAINTEXT://127.0.0.1:19092")
        XCTAssertEqual(config.listenPort, 19092)
        XCTAssertThrowsError(try config.apply(key: "listeners", value: "SSL://127.0.0.1:9093")) { error in
            XCTAssertTrue("\(error)".contains("PLAINTEXT listeners only"), "\(error)")
        }
        XCTAssertThrowsError(try config.apply(key: "advertised.listeners", value: "SASL_SSL://h:1"))
    }

    func testHostPortParsing() {
        XCTAssertTrue(parseHostPort("127.0.0.1:9092")! == ("127.0.0.1", 9092))
        XCTAssertTrue(parseHostPort("[::1]:9092")! == ("::1", 9092))
        XCTAssertTrue(parseHostPort(":0")! == ("0.0.0.0", 0))
        XCTAssertNil(parseHostPort("localhost"))
        XCTAssertNil(parseHostPort("host:70000"))
    }
}
