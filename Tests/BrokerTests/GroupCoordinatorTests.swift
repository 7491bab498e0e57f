import Glibc
import XCTest
import Storage
import Wire
@testable import Broker

/// Offsets through the coordinator: durable in `__consumer_offsets`, replayed by a new coordinator.
final class GroupCoordinatorTests: XCTestCase {
    var directory = ""

    override func setUp() {
        var template = Array("/tmp/ringlog-groups-XXXXXX".utf8CString)
        directory = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }

    override func tearDown() {
        _ = system("rm -rf '\(directory)'")
    }

    func open() throws -> (LogStore, GroupCommit, GroupCoordinator) {
        let store = try LogStore(directory: directory, defaults: LogConfig())
        if store.topic(named: "orders") == nil { _ = try store.createTopic(name: "orders", partitionCount: 2, configs: [:]) }
        let commit = GroupCommit()
        commit.start()
        var config = GroupConfig()
        config.offsetsTopicPartitions = 3
        return (store, commit, try GroupCoordinator(store: store, groupCommit: commit, config: config, log: { _ in }))
    }

    func commit(_ coordinator: GroupCoordinator, group: String, _ entries: [GroupCoordinator.CommitEntry]) -> [ErrorCode] {
        let done = expectation(description: "commit answered")
        nonisolated(unsafe) var errors: [ErrorCode] = []
        coordinator.commitOffsets(groupId: group, memberId: "", instanceId: nil, generation: -1, entries: entries,
                                  unknownGroupError: .illegalGeneration) { errors = $0; done.fulfill() }
        wait(for: [done], timeout: 10)
        return errors
    }

    func testCommittedOffsetsAreReplayedAfterReopenAndDeletedGroupsStayDeleted() throws {
        var (store, groupCommit, coordinator) = try open()
        XCTAssertEqual(coordinator.offsetsTopic.partitions.count, 3)
        let errors = commit(coordinator, group: "billing", [
            .init(topic: "orders", partition: 0, offset: 42, leaderEpoch: 0, metadata: "checkpoint-7"),
            .init(topic: "orders", partition: 9, offset: 1, leaderEpoch: -1, metadata: ""),
            .init(topic: "orders", partition: 1, offset: 5, leaderEpoch: -1, metadata: String(repeating: "x", count: 4097)),
        ])
        XCTAssertEqual(errors, [.none, .unknownTopicOrPartition, .offsetMetadataTooLarge])
        XCTAssertEqual(commit(coordinator, group: "billing", [.init(topic: "orders", partition: 0, offset: 43, leaderEpoch: 0, metadata: "checkpoint-8")]), [.none])
        XCTAssertEqual(commit(coordinator, group: "gone", [.init(topic: "orders", partition: 1, offset: 3, leaderEpoch: -1, metadata: "")]), [.none])
        let deleted = expectation(description: "delete answered")
        coordinator.deleteGroups(["gone", "never"]) { errors in
            XCTAssertEqual(errors, [.none, .groupIdNotFound])
            deleted.fulfill()
        }
        wait(for: [deleted], timeout: 10)
        coordinator.stop()
        groupCommit.stop()
        store.close()

        (store, groupCommit, coordinator) = try open()
        defer { coordinator.stop(); groupCommit.stop(); store.close() }
        let fetched = coordinator.fetchOffsets(groupId: "billing", topics: [("orders", [0, 1])])
        XCTAssertEqual(fetched.count, 1)
        XCTAssertEqual(fetched[0].partitions[0].1?.offset, 43)
        XCTAssertEqual(fetched[0].partitions[0].1?.metadata, "checkpoint-8")
        XCTAssertEqual(fetched[0].partitions[0].1?.leaderEpoch, 0)
        XCTAssertNil(fetched[0].partitions[1].1, "never committed")
        XCTAssertNil(coordinator.group("gone"), "tombstones removed the deleted group")
        XCTAssertEqual(coordinator.allGroups.map(\.groupId), ["billing"])
    }
}
