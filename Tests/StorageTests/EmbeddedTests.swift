import XCTest
import Foundation
@testable import Records
@testable import Storage

final class EmbeddedTests: XCTestCase {
    func testTheReadmeSnippetIsExactlyTheExampleThatIsBuilt() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let example = try String(contentsOf: root.appendingPathComponent("Sources/EmbeddedExample/main.swift"), encoding: .utf8)
        let blocks = doc.components(separatedBy: "```swift\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        XCTAssertTrue(blocks.contains(example), "README.md must quote Sources/EmbeddedExample/main.swift verbatim")
    }

    func testAppendReadAndGroupOffsetsSurviveReopeningTheStore() throws {
        let dir = TemporaryDirectory()
        do {
            let store = try LogStore(directory: dir.path, defaults: LogConfig())
            _ = try store.createTopic(name: "events", partitionCount: 1, configs: [:])
            let log = store.partition(topic: "events", index: 0)!
            try log.append(records: [(Array("a".utf8), Array("1".utf8)), (nil, Array("2".utf8))], timestamp: 5_000, compression: .lz4)
            let offsets = try GroupOffsets(store: store)
            try offsets.commit(1, group: "g", topic: "events", partition: 0)
            try offsets.commit(2, group: "g", topic: "events", partition: 0)
            try offsets.commit(7, group: "other", topic: "events", partition: 0)
            store.close()
        }
        let store = try LogStore(directory: dir.path, defaults: LogConfig())
        defer { store.close() }
        let log = store.partition(topic: "events", index: 0)!
        XCTAssertEqual(try log.records(from: 1), [StoredRecord(offset: 1, timestamp: 5_000, key: nil, value: Array("2".utf8), headers: [])])
        XCTAssertEqual(try log.records(from: 0).map(\.key), [Array("a".utf8), nil])
        let offsets = try GroupOffsets(store: store)
        XCTAssertEqual(offsets.committedOffset(group: "g", topic: "events", partition: 0), 2)
        XCTAssertEqual(offsets.committedOffset(group: "other", topic: "events", partition: 0), 7)
        XCTAssertNil(offsets.committedOffset(group: "g", topic: "events", partition: 1))
        XCTAssertEqual(store.topic(named: GroupOffsets.topicName)?.configs["cleanup.policy"], "compact")
    }

    func testGroupsArePlacedByJavasStringHashCodeAsKafkaDoes() {
        // "abc".hashCode() = 97·31² + 98·31 + 99 = 96354; "" hashes to 0.
        XCTAssertEqual(javaStringHashCode("abc"), 96_354)
        XCTAssertEqual(javaStringHashCode(""), 0)
    }
}
