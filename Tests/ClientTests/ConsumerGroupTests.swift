import XCTest
import Flow
@testable import Client

/// The classic group protocol against the in-process broker's coordinator.
final class ConsumerGroupTests: XCTestCase {
    var fixture: BrokerFixture!

    override func setUpWithError() throws { fixture = try BrokerFixture() }
    override func tearDown() { fixture.stop() }

    func testTwoMembersSplitPartitionsByRangeAndCommitsShowAsLag() async throws {
        let admin = try await KafkaAdmin(bootstrap: fixture.bootstrap)
        defer { admin.close() }
        try await admin.createTopic("jobs", partitions: 4)
        let producer = try await KafkaProducer(bootstrap: fixture.bootstrap, lingerMs: 1)
        for p in 0..<4 {
            for i in 0..<5 {
                // Keys chosen by partition: find one murmur2 sends to p.
                let key = (0...).lazy.map { "k\(p)-\($0)" }.first { Int32(ModuloPartitioner(partitionCount: 4).partition(forKey: Array($0.utf8))) == Int32(p) }!
                try await producer.send(topic: "jobs", key: key, value: "\(p)-\(i)")
            }
        }
        try await producer.close()

        let first = try await KafkaConsumer(bootstrap: fixture.bootstrap, groupId: "workers", autoOffsetReset: .earliest, sessionTimeoutMs: 6_000)
        try first.subscribe(["jobs"])
        var firstRecords = try await first.poll(timeout: .seconds(5))
        XCTAssertEqual(first.assignment.count, 4, "a lone member gets every partition")

        let second = try await KafkaConsumer(bootstrap: fixture.bootstrap, groupId: "workers", autoOffsetReset: .earliest, sessionTimeoutMs: 6_000)
        try second.subscribe(["jobs"])
        // Both must poll for the rebalance to complete: the first learns of it from a heartbeat.
        async let secondPoll = second.poll(timeout: .seconds(10))
        let deadline = ContinuousClock.now + .seconds(10)
        while first.assignment.count != 2 && ContinuousClock.now < deadline {
            firstRecords += try await first.poll(timeout: .milliseconds(200))
        }
        let secondRecords = try await secondPoll
        XCTAssertEqual(Set(first.assignment).union(second.assignment).count, 4)
        XCTAssertEqual(first.assignment.count, 2)
        XCTAssertEqual(second.assignment.count, 2)
        XCTAssertFalse(secondRecords.isEmpty)

        // Commit one record's worth on one partition of the second member and look at the lag.
        let tp = second.assignment[0]
        try await second.commit([tp: 2])
        let description = try await admin.describeGroup("workers")
        XCTAssertEqual(description.state, "Stable")
        XCTAssertEqual(description.members.count, 2)
        XCTAssertEqual(description.assignmentProtocol, "range")
        let lag = description.partitions.first { $0.topic == tp.topic && $0.partition == tp.partition }
        XCTAssertEqual(lag?.committedOffset, 2)
        XCTAssertEqual(lag?.highWatermark, 5)
        XCTAssertEqual(lag?.lag, 3)
        XCTAssertEqual(lag?.memberId, description.members.first { $0.assignment.contains(tp) }?.memberId)

        let groups = try await admin.listGroups()
        XCTAssertEqual(groups.map(\.groupId), ["workers"])

        await first.close()
        await second.close()
        let after = try await admin.describeGroup("workers")
        XCTAssertEqual(after.members.count, 0, "LeaveGroup on close empties the group at once")

        let resumed = try await KafkaConsumer(bootstrap: fixture.bootstrap, groupId: "workers", sessionTimeoutMs: 6_000)
        resumed.assign([tp])
        var resumedRecords: [ConsumerRecord] = []
        for _ in 0..<20 where resumedRecords.isEmpty { resumedRecords = try await resumed.poll(timeout: .milliseconds(250)) }
        XCTAssertEqual(resumedRecords.map(\.offset), [2, 3, 4], "starts from the committed offset")
        await resumed.close()
    }
}
