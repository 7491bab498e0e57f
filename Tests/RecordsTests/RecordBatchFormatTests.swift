import XCTest
@testable import Records

final class RecordBatchFormatTests: XCTestCase {
    func testBuilderWritesTheHandDerivedBytes() {
        var builder = RecordBatchBuilder(baseTimestamp: HandBuiltBatch.baseTimestamp)
        builder.append(key: Array("k".utf8), value: Array("hi".utf8), headers: [RecordHeader(key: "h", value: nil)])
        XCTAssertEqual(builder.build(), HandBuiltBatch.bytes)
    }

    func testHeaderParsesEveryField() throws {
        let header = try HandBuiltBatch.bytes.withUnsafeBytes { try RecordBatchHeader(parsing: $0) }
        XCTAssertEqual(header.baseOffset, 0)
        XCTAssertEqual(header.batchLength, 62)
        XCTAssertEqual(header.totalByteCount, 74)
        XCTAssertEqual(header.partitionLeaderEpoch, -1)
        XCTAssertEqual(header.magic, 2)
        XCTAssertEqual(header.crc, HandBuiltBatch.crc)
        XCTAssertEqual(header.attributes, 0)
        XCTAssertEqual(header.lastOffsetDelta, 0)
        XCTAssertEqual(header.baseTimestamp, HandBuiltBatch.baseTimestamp)
        XCTAssertEqual(header.maxTimestamp, HandBuiltBatch.baseTimestamp)
        XCTAssertEqual(header.producerId, -1)
        XCTAssertEqual(header.producerEpoch, -1)
        XCTAssertEqual(header.baseSequence, -1)
        XCTAssertEqual(header.recordCount, 1)
        XCTAssertEqual(header.compression, CompressionCodec.none)
        XCTAssertFalse(header.isTransactional || header.isControl || header.usesLogAppendTime)
    }

    func testReaderDecodesTheHandBuiltRecord() throws {
        let (header, records) = try HandBuiltBatch.bytes.withUnsafeBytes { try RecordBatchReader.records(in: $0) }
        XCTAssertEqual(header.recordCount, 1)
        XCTAssertEqual(records, [Record(offsetDelta: 0, timestampDelta: 0, key: Array("k".utf8), value: Array("hi".utf8),
                                        headers: [RecordHeader(key: "h", value: nil)])])
    }

    func testBuilderAndReaderRoundTripManyRecords() throws {
        var builder = RecordBatchBuilder(baseTimestamp: 1_000, producerId: 7, producerEpoch: 3, baseSequence: 42)
        var expected: [Record] = []
        for i in 0..<300 {
            let key: [UInt8]? = i % 5 == 0 ? nil : Array("key-\(i)".utf8)
            let value: [UInt8]? = i % 7 == 0 ? nil : [UInt8](repeating: UInt8(i % 256), count: i)
            let headers = (0..<(i % 3)).map { RecordHeader(key: "h\($0)", value: $0 == 1 ? nil : [UInt8($0)]) }
            let timestamp = Int64(1_000 + i * 1_000_000)  // deltas beyond one varint byte
            builder.append(key: key, value: value, headers: headers, timestamp: timestamp)
            expected.append(Record(offsetDelta: Int32(i), timestampDelta: timestamp - 1_000, key: key, value: value, headers: headers))
        }
        let batch = builder.build()
        let (header, records) = try batch.withUnsafeBytes { try RecordBatchReader.records(in: $0) }
        XCTAssertEqual(records, expected)
        XCTAssertEqual(header.recordCount, 300)
        XCTAssertEqual(header.lastOffsetDelta, 299)
        XCTAssertEqual(header.maxTimestamp, 1_000 + 299 * 1_000_000)
        XCTAssertEqual(header.producerId, 7)
        XCTAssertEqual(header.producerEpoch, 3)
        XCTAssertEqual(header.baseSequence, 42)
    }

    func testReaderRefusesABatchMarkedGzipWhoseRecordsAreNot() {
        let gzip = HandBuiltBatch.bytes.storing(Int16(1), at: 21).mutated { RecordBatchPatcher.recomputeCRC(in: $0) }
        XCTAssertThrowsError(try gzip.withUnsafeBytes { try RecordBatchReader.records(in: $0) }) {
            XCTAssertEqual($0 as? RecordBatchError, .corruptCompressedData(.gzip))
        }
    }

    func testReaderRefusesARecordThatOverrunsTheBatch() {
        // Value length 2 -> 3 overruns the record's declared length.
        let broken = HandBuiltBatch.bytes.storing(UInt8(0x06), at: 61 + 6).mutated { RecordBatchPatcher.recomputeCRC(in: $0) }
        XCTAssertThrowsError(try broken.withUnsafeBytes { try RecordBatchReader.records(in: $0) }) {
            XCTAssertEqual($0 as? RecordBatchError, .invalidRecord)
        }
    }

    func testScannerSplitsConcatenatedBatchesAndStopsAtAPartialTail() {
        let a = HandBuiltBatch.bytes
        var b = RecordBatchBuilder(baseTimestamp: 5)
        b.append(key: nil, value: [1, 2, 3])
        let second = b.build()
        let all = a + second + Array(a.prefix(40))
        let ranges = all.withUnsafeBytes { RecordBatchScanner.batches(in: $0) }
        XCTAssertEqual(ranges, [0..<74, 74..<(74 + second.count)])
        let zeros = [UInt8](repeating: 0, count: 100)
        XCTAssertEqual(zeros.withUnsafeBytes { RecordBatchScanner.batches(in: $0) }, [])
    }
}
