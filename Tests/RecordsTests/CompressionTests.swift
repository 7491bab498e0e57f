import XCTest
@testable import Records

final class CompressionTests: XCTestCase {
    private func roundTrip(_ codec: CompressionCodec, file: StaticString = #filePath, line: UInt = #line) throws {
        var builder = RecordBatchBuilder(baseTimestamp: 1_000)
        for i in 0..<500 {
            builder.append(key: Array("key-\(i % 37)".utf8), value: i % 11 == 0 ? nil : Array(repeating: UInt8(i % 251), count: i % 300),
                           headers: [RecordHeader(key: "h", value: [UInt8(i % 256)])], timestamp: 1_000 + Int64(i))
        }
        let plain = builder.build()
        let compressed = builder.build(compression: codec)
        let (header, records) = try compressed.withUnsafeBytes { try RecordBatchReader.records(in: $0) }
        let (_, expected) = try plain.withUnsafeBytes { try RecordBatchReader.records(in: $0) }
        XCTAssertEqual(header.compression, codec, file: file, line: line)
        XCTAssertEqual(records, expected, file: file, line: line)
        XCTAssertLessThan(compressed.count, plain.count, "\(codec) did not compress repetitive data", file: file, line: line)
    }

    func testEveryCodecRoundTripsABatch() throws {
        for codec in [CompressionCodec.gzip, .snappy, .lz4, .zstd] { try roundTrip(codec) }
    }

    func testARawSnappyBlockAsLibrdkafkaMayWriteItIsRead() throws {
        // Snappy's raw format: varint uncompressed length 3, then a literal tag ((3 - 1) << 2 = 0x08) and the bytes.
        let block: [UInt8] = [0x03, 0x08, 0x61, 0x62, 0x63]
        XCTAssertEqual(try block.withUnsafeBytes { try Compression.decompress($0, codec: .snappy) }, Array("abc".utf8))
    }

    func testAHandMadeGzipMemberWithAStoredBlockIsRead() throws {
        let gzip: [UInt8] = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff,  // magic, deflate, no flags, mtime, xfl, OS
                             0x01, 0x03, 0x00, 0xfc, 0xff, 0x61, 0x62, 0x63,   // final stored block: LEN 3, NLEN, "abc"
                             0xc2, 0x41, 0x24, 0x35, 0x03, 0x00, 0x00, 0x00]   // CRC-32 of "abc" (0x352441c2), ISIZE 3
        XCTAssertEqual(try gzip.withUnsafeBytes { try Compression.decompress($0, codec: .gzip) }, Array("abc".utf8))
    }

    func testGarbageIsRefusedNotTrusted() {
        let garbage: [UInt8] = Array(repeating: 0x5a, count: 40)
        for codec in [CompressionCodec.gzip, .lz4, .zstd, .snappy] {
            XCTAssertThrowsError(try garbage.withUnsafeBytes { try Compression.decompress($0, codec: codec) }, "\(codec)") {
                XCTAssertEqual($0 as? RecordBatchError, .corruptCompressedData(codec))
            }
        }
    }

    func testTheEncoderKeepsOffsetDeltasSoARewrittenBatchHasGaps() throws {
        var builder = RecordBatchBuilder(baseTimestamp: 500)
        for i in 0..<5 { builder.append(key: [UInt8(i)], value: [UInt8(i)], timestamp: 500 + Int64(i)) }
        let original = builder.build(compression: .zstd)
        let (header, records) = try original.withUnsafeBytes { try RecordBatchReader.records(in: $0) }
        let kept = [records[1], records[3]]
        let rewritten = RecordBatchEncoder.encode(kept, like: header)
        XCTAssertThrowsError(try rewritten.withUnsafeBytes { try RecordBatchValidator.validate($0) }, "gaps are refused from clients")
        let (newHeader, newRecords) = try rewritten.withUnsafeBytes { try RecordBatchReader.records(in: $0) }
        XCTAssertEqual(newRecords, kept)
        XCTAssertEqual(newHeader.lastOffsetDelta, 3)
        XCTAssertEqual(newHeader.recordCount, 2)
        XCTAssertEqual(newHeader.maxTimestamp, 503)
        XCTAssertEqual(newHeader.compression, .zstd)
    }
}
