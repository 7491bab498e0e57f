import XCTest
import Flow
@testable import Client

final class ClientEndToEndTests: XCTestCase {
    var fixture: BrokerFixture!

    override func setUpWithError() throws { fixture = try BrokerFixture() }
    override func tearDown() { fixture.stop() }

    func testAdminCreatesListsDescribesAndDeletesTopics() async throws {
        let admin = try await KafkaAdmin(bootstrap: fixture.bootstrap)
        defer { admin.close() }
        try await admin.createTopic("orders", partitions: 3)
        let listed = try await admin.listTopics()
        XCTAssertEqual(listed, ["orders"])
        let described = try await admin.describeTopic("orders")
        XCTAssertEqual(described.partitions.map(\.partition), [0, 1, 2])
        XCTAssertEqual(described.partitions.map(\.highWatermark), [0, 0, 0])
        XCTAssertEqual(described.partitions.map(\.logStartOffset), [0, 0, 0])
        XCTAssertFalse(described.id.isEmpty)

        do {
            try await admin.createTopic("orders", partitions: 1)
            XCTFail("creating an existing topic must fail")
        } catch let error as ClientError {
            XCTAssertEqual(error.errorCode, .topicAlreadyExists)
        }
        try await admin.deleteTopic("orders")
        let afterDelete = try await admin.listTopics()
        XCTAssertEqual(afterDelete, [])
    }

    func testKeyedRecordsLandWhereMurmur2SaysAndComeBackInOrder() async throws {
        let admin = try await KafkaAdmin(bootstrap: fixture.bootstrap)
        defer { admin.close() }
        try await admin.createTopic("events", partitions: 4)

        let producer = try await KafkaProducer(bootstrap: fixture.bootstrap, acks: .all, lingerMs: 2)
        var pending: [PendingDelivery] = []
        for i in 0..<200 {
            pending.append(try await producer.submit(topic: "events", key: Array("user-\(i % 7)".utf8), value: Array("v\(i)".utf8),
                                                     headers: [RecordHeader(key: "n", value: Array("\(i)".utf8))]))
        }
        try await producer.flush()
        var perPartition: [Int32: Int] = [:]
        for (i, d) in pending.enumerated() {
            let where_ = try await d.result()
            XCTAssertEqual(where_.partition, Int32(ModuloPartitioner(partitionCount: 4).partition(forKey: Array("user-\(i % 7)".utf8))))
            XCTAssertEqual(where_.offset, Int64(perPartition[where_.partition, default: 0]), "offsets are dense per partition")
            perPartition[where_.partition, default: 0] += 1
        }
        let single = try await producer.send(topic: "events", key: "user-0", value: "last")
        XCTAssertEqual(single.partition, Int32(ModuloPartitioner(partitionCount: 4).partition(forKey: Array("user-0".utf8))))
        try await producer.close()

        let described = try await admin.describeTopic("events")
        XCTAssertEqual(described.partitions.reduce(0) { $0 + $1.highWatermark }, 201)

        let consumer = try await KafkaConsumer(bootstrap: fixture.bootstrap, autoOffsetReset: .earliest, maxPollRecords: 64)
        try await consumer.assign(topic: "events")
        var records: [ConsumerRecord] = []
        let deadline = ContinuousClock.now + .seconds(10)
        while records.count < 201 && ContinuousClock.now < deadline {
            records += try await consumer.poll(timeout: .milliseconds(200))
        }
        await consumer.close()
        XCTAssertEqual(records.count, 201)
        for r in records where r.value != Array("last".utf8) {
            let i = Int(String(decoding: r.value!.dropFirst(), as: UTF8.self))!
            XCTAssertEqual(r.key, Array("user-\(i % 7)".utf8))
            XCTAssertEqual(r.headers, [RecordHeader(key: "n", value: Array("\(i)".utf8))])
        }
        for p in Int32(0)..<4 {
            let offsets = records.filter { $0.partition == p }.map(\.offset)
            XCTAssertEqual(offsets, (0..<Int64(offsets.count)).map { $0 }, "partition \(p) in order, no gaps")
        }
    }

    func testConsumerFromLatestSeesOnlyNewRecords() async throws {
        let producer = try await KafkaProducer(bootstrap: fixture.bootstrap)
        try await producer.send(topic: "fresh", value: "old")
        let consumer = try await KafkaConsumer(bootstrap: fixture.bootstrap, autoOffsetReset: .latest)
        try await consumer.assign(topic: "fresh")
        let none = try await consumer.poll(timeout: .milliseconds(100))
        XCTAssertEqual(none, [])
        try await producer.send(topic: "fresh", value: "new")
        var got: [ConsumerRecord] = []
        for _ in 0..<20 where got.isEmpty { got = try await consumer.poll(timeout: .milliseconds(250)) }
        XCTAssertEqual(got.map { $0.value.map { String(decoding: $0, as: UTF8.self) } }, ["new"])
        XCTAssertEqual(got.first?.offset, 1)
        await consumer.close()
        try await producer.close()
    }

    func testConnectingToANonListeningPortSaysConnectionRefused() async throws {
        do {
            _ = try await KafkaAdmin(bootstrap: "127.0.0.1:1")
            XCTFail("expected a connection error")
        } catch let error as ClientError {
            XCTAssertEqual(error.description, "cannot connect to 127.0.0.1:1: connection refused")
        }
    }

    func testUnknownTopicIsReportedByName() async throws {
        let admin = try await KafkaAdmin(bootstrap: fixture.bootstrap)
        defer { admin.close() }
        do {
            _ = try await admin.describeTopic("nope")
            XCTFail("expected unknown topic")
        } catch let error as ClientError {
            XCTAssertEqual(error, .unknownTopic("nope"))
        }
    }
}
