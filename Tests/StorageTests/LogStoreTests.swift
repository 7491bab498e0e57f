import XCTest
@testable import Storage

final class LogStoreTests: XCTestCase {
    private let defaults = LogConfig(segmentBytes: 4_096)

    func testCreatedTopicsSurviveARestartWithIdPartitionsConfigsAndData() throws {
        let dir = TemporaryDirectory()
        let created: TopicMetadata
        do {
            let store = try LogStore(directory: dir.path, defaults: defaults)
            created = try store.createTopic(name: "orders.v1", partitionCount: 3, configs: ["segment.bytes": "2048", "cleanup.policy": "compact"])
            XCTAssertEqual(created.id.count, 16)
            XCTAssertFalse(created.id.allSatisfy { $0 == 0 })
            try store.partition(topic: "orders.v1", index: 2)!.append(Batches.make(tag: 7))
            XCTAssertEqual(store.partition(topic: "orders.v1", index: 0)?.config.segmentBytes, 2048)
            store.close()
        }
        let store = try LogStore(directory: dir.path, defaults: defaults)
        XCTAssertEqual(store.topics, [created])
        XCTAssertEqual(store.topic(named: "orders.v1"), created)
        XCTAssertEqual(store.partition(topic: "orders.v1", index: 2)?.logEndOffset, 3)
        XCTAssertEqual(store.partition(topic: "orders.v1", index: 0)?.config.segmentBytes, 2048)
        XCTAssertEqual(store.partition(topic: "orders.v1", index: 0)?.config.cleanupPolicy, "compact")
        XCTAssertNil(store.partition(topic: "orders.v1", index: 3))
        XCTAssertNil(store.partition(topic: "other", index: 0))
    }

    func testASecondOpenerOfTheSameDirectoryIsRefusedUntilTheFirstCloses() throws {
        let dir = TemporaryDirectory()
        let first = try LogStore(directory: dir.path, defaults: defaults)
        XCTAssertThrowsError(try LogStore(directory: dir.path, defaults: defaults)) { error in
            XCTAssertEqual(error as? StorageError, .directoryInUse(dir.path))
            XCTAssertTrue("\(error)".contains("in use by another process"), "\(error)")
        }
        first.close()
        XCTAssertNoThrow(try LogStore(directory: dir.path, defaults: defaults).close())
    }

    func testCreatingAnExistingTopicFails() throws {
        let dir = TemporaryDirectory()
        let store = try LogStore(directory: dir.path, defaults: defaults)
        _ = try store.createTopic(name: "a", partitionCount: 1, configs: [:])
        XCTAssertThrowsError(try store.createTopic(name: "a", partitionCount: 2, configs: [:])) {
            XCTAssertEqual($0 as? StorageError, .topicExists("a"))
        }
    }

    func testInvalidNamesCountsAndConfigsAreRejected() throws {
        let dir = TemporaryDirectory()
        let store = try LogStore(directory: dir.path, defaults: defaults)
        for name in ["", ".", "..", "a/b", "with space", "ü", String(repeating: "x", count: 250)] {
            XCTAssertThrowsError(try store.createTopic(name: name, partitionCount: 1, configs: [:])) {
                XCTAssertEqual($0 as? StorageError, .invalidTopic(name))
            }
        }
        XCTAssertNoThrow(try store.createTopic(name: String(repeating: "x", count: 249), partitionCount: 1, configs: [:]))
        XCTAssertThrowsError(try store.createTopic(name: "zero", partitionCount: 0, configs: [:])) {
            XCTAssertEqual($0 as? StorageError, .invalidPartitionCount(0))
        }
        XCTAssertThrowsError(try store.createTopic(name: "bad", partitionCount: 1, configs: ["segment.bytes": "lots"])) {
            XCTAssertEqual($0 as? StorageError, .invalidConfig("segment.bytes"))
        }
        XCTAssertThrowsError(try store.createTopic(name: "bad", partitionCount: 1, configs: ["cleanup.policy": "forever"])) {
            XCTAssertEqual($0 as? StorageError, .invalidConfig("cleanup.policy"))
        }
        XCTAssertEqual(store.topics.map(\.name), [String(repeating: "x", count: 249)])
    }

    func testDeleteRemovesMetadataAndDataAndARecreatedTopicStartsEmptyWithANewId() throws {
        let dir = TemporaryDirectory()
        let first: TopicMetadata
        do {
            let store = try LogStore(directory: dir.path, defaults: defaults)
            first = try store.createTopic(name: "t", partitionCount: 2, configs: [:])
            try store.partition(topic: "t", index: 1)!.append(Batches.make(tag: 1))
            try store.deleteTopic(named: "t")
            XCTAssertNil(store.topic(named: "t"))
            XCTAssertFalse(FileIO.fileExists(dir.path + "/t-1"))
            XCTAssertThrowsError(try store.deleteTopic(named: "t")) { XCTAssertEqual($0 as? StorageError, .unknownTopic("t")) }
            store.close()
        }
        let store = try LogStore(directory: dir.path, defaults: defaults)
        XCTAssertTrue(store.topics.isEmpty)
        let second = try store.createTopic(name: "t", partitionCount: 2, configs: [:])
        XCTAssertNotEqual(second.id, first.id)
        XCTAssertEqual(store.partition(topic: "t", index: 1)?.logEndOffset, 0)
    }

    func testTopicConfigsOverrideDefaultsByKafkaName() throws {
        let config = try LogConfig(topicConfigs: [
            "segment.bytes": "1000", "index.interval.bytes": "10", "max.message.bytes": "5000", "segment.ms": "60000",
            "retention.ms": "-1", "retention.bytes": "123", "message.timestamp.type": "LogAppendTime", "unknown.key": "x",
        ], defaults: LogConfig())
        XCTAssertEqual(config, LogConfig(segmentBytes: 1000, indexIntervalBytes: 10, maxMessageBytes: 5000, segmentMs: 60000,
                                         retentionMs: -1, retentionBytes: 123, usesLogAppendTime: true))
    }
}
