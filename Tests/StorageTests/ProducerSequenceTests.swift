import XCTest
@testable import Records
@testable import Storage

/// The idempotent producer's rules, checked by the partition log in the same locked step as the append
/// (kafka-protocol-map §2.10).
final class ProducerSequenceTests: XCTestCase {
    private let config = LogConfig(segmentBytes: 1_000, indexIntervalBytes: 200)

    /// A batch of `count` records from producer `id` at `epoch`, first sequence `sequence`.
    private func batch(id: Int64 = 7, epoch: Int16 = 0, sequence: Int32, count: Int = 2) -> [UInt8] {
        var builder = RecordBatchBuilder(baseTimestamp: 1_000, producerId: id, producerEpoch: epoch, baseSequence: sequence)
        for i in 0..<count { builder.append(key: Array("p\(id)s\(Int(sequence) + i)".utf8), value: [1, 2, 3]) }
        return builder.build()
    }

    func testConsecutiveBatchesAreAppended() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: config)
        XCTAssertEqual(try log.append(batch(sequence: 0)).baseOffset, 0)
        XCTAssertEqual(try log.append(batch(sequence: 2)).baseOffset, 2)
        XCTAssertEqual(try log.append(batch(sequence: 4, count: 3)).baseOffset, 4)
        XCTAssertEqual(log.logEndOffset, 7)
    }

    func testDuplicateIsAnsweredWithItsOriginalOffsetsAndNotWrittenAgain() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: config)
        try log.append(batch(sequence: 0))
        try log.append(Batches.make(tag: 1, count: 1))  // another, non-idempotent writer in between
        try log.append(batch(sequence: 2))
        try log.append(batch(sequence: 4))
        let retry = try log.append(batch(sequence: 2))
        XCTAssertEqual(retry, AppendResult(baseOffset: 3, lastOffset: 4, logAppendTimeMs: -1))
        let oldest = try log.append(batch(sequence: 0))
        XCTAssertEqual(oldest, AppendResult(baseOffset: 0, lastOffset: 1, logAppendTimeMs: -1))
        XCTAssertEqual(log.logEndOffset, 7)
        XCTAssertEqual(try Batches.decode(log.readAll()).count, 7)
    }

    func testOnlyTheLastFiveBatchesAreRecognizedAsDuplicates() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: config)
        for i in 0..<6 { try log.append(batch(sequence: Int32(i * 2))) }
        XCTAssertEqual(try log.append(batch(sequence: 2)).baseOffset, 2)  // 5th newest: still known
        XCTAssertThrowsError(try log.append(batch(sequence: 0))) {
            XCTAssertEqual($0 as? SequenceError, .outOfOrder(expected: 12, received: 0))
        }
    }

    func testGapIsRejectedAndNothingIsWritten() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: config)
        try log.append(batch(sequence: 0))
        XCTAssertThrowsError(try log.append(batch(sequence: 3))) {
            XCTAssertEqual($0 as? SequenceError, .outOfOrder(expected: 2, received: 3))
        }
        XCTAssertEqual(log.logEndOffset, 2)
        XCTAssertEqual(try log.append(batch(sequence: 2)).baseOffset, 2)
    }

    func testStaleEpochIsRejected() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: config)
        try log.append(batch(epoch: 3, sequence: 0))
        XCTAssertThrowsError(try log.append(batch(epoch: 2, sequence: 2))) {
            XCTAssertEqual($0 as? SequenceError, .staleEpoch(current: 3, received: 2))
        }
        XCTAssertEqual(log.logEndOffset, 2)
    }

    func testBumpedEpochMustStartAtSequenceZero() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: config)
        try log.append(batch(epoch: 0, sequence: 0))
        try log.append(batch(epoch: 0, sequence: 2))
        XCTAssertThrowsError(try log.append(batch(epoch: 1, sequence: 4))) {
            XCTAssertEqual($0 as? SequenceError, .outOfOrder(expected: 0, received: 4))
        }
        XCTAssertEqual(try log.append(batch(epoch: 1, sequence: 0)).baseOffset, 4)
        // The old epoch is fenced from now on.
        XCTAssertThrowsError(try log.append(batch(epoch: 0, sequence: 4))) {
            XCTAssertEqual($0 as? SequenceError, .staleEpoch(current: 1, received: 0))
        }
    }

    func testUnknownProducerStartsAtAnySequence() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: config)
        XCTAssertEqual(try log.append(batch(id: 42, epoch: 5, sequence: 1_000)).baseOffset, 0)
        XCTAssertEqual(try log.append(batch(id: 42, epoch: 5, sequence: 1_002)).baseOffset, 2)
    }

    func testSequenceWrapsFromInt32MaxToZero() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: config)
        try log.append(batch(sequence: Int32.max - 1, count: 2))  // sequences max-1, max
        XCTAssertEqual(try log.append(batch(sequence: 0)).baseOffset, 2)
        // A batch that itself wraps: max, 0, 1.
        let other = TemporaryDirectory()
        let log2 = try PartitionLog(directory: other.path, config: config)
        try log2.append(batch(sequence: Int32.max, count: 3))
        XCTAssertEqual(try log2.append(batch(sequence: 2)).baseOffset, 3)
    }

    func testProducerStateIsRebuiltFromTheLogAtRestart() throws {
        let dir = TemporaryDirectory()
        do {
            let log = try PartitionLog(directory: dir.path, config: config)
            for i in 0..<40 { try log.append(batch(sequence: Int32(i * 2))) }  // several segments
            try log.append(batch(id: 9, epoch: 2, sequence: 0))
            XCTAssertGreaterThan(log.segmentCount, 2)
            log.close()
        }
        let log = try PartitionLog(directory: dir.path, config: config)
        // A retry of the last batch is recognized with its original offsets ...
        XCTAssertEqual(try log.append(batch(sequence: 78)), AppendResult(baseOffset: 78, lastOffset: 79, logAppendTimeMs: -1))
        // ... a gap and a stale epoch are still refused ...
        XCTAssertThrowsError(try log.append(batch(sequence: 84))) {
            XCTAssertEqual($0 as? SequenceError, .outOfOrder(expected: 80, received: 84))
        }
        XCTAssertThrowsError(try log.append(batch(id: 9, epoch: 1, sequence: 2))) {
            XCTAssertEqual($0 as? SequenceError, .staleEpoch(current: 2, received: 1))
        }
        // ... and the next batch follows on.
        XCTAssertEqual(try log.append(batch(sequence: 80)).baseOffset, 82)
    }

    func testRebuildScansOnlyTheConfiguredTail() throws {
        let dir = TemporaryDirectory()
        let log = try PartitionLog(directory: dir.path, config: config)
        try log.append(batch(id: 1, sequence: 0))
        for i in 0..<30 { try log.append(batch(id: 2, sequence: Int32(i * 2))) }
        log.close()
        let reopened = try PartitionLog(directory: dir.path, config: config)
        let table = reopened.lock.withLock { reopened.producers }
        XCTAssertNotNil(table.producers[1])
        let tail = try reopened.lock.withLock { try ProducerStateTable.rebuild(from: reopened.segments, scanBytesMax: 1_000) }
        XCTAssertNil(tail.producers[1], "producer 1 wrote only at the start, outside a 1000-byte tail")
        XCTAssertEqual(tail.producers[2]?.batches.last?.firstSequence, 58)
    }
}
