import XCTest
@testable import Wire

final class CodecTests: XCTestCase {
    func testVarintsUseZigzagAndBase128() throws {
        var w = ByteWriter()
        w.writeVarInt(0); w.writeVarInt(-1); w.writeVarInt(1); w.writeVarInt(-64); w.writeVarInt(64)
        w.writeUnsignedVarInt(300); w.writeVarLong(Int64.min); w.writeVarInt(Int32.max)
        XCTAssertEqual(w.bytes, [
            0x00,                 // 0
            0x01,                 // -1 -> 1
            0x02,                 // 1 -> 2
            0x7f,                 // -64 -> 127
            0x80, 0x01,           // 64 -> 128
            0xac, 0x02,           // unsigned 300
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,   // Int64.min -> 2^64 - 1
            0xfe, 0xff, 0xff, 0xff, 0x0f,   // Int32.max -> 2^32 - 2
        ])
        var r = ByteReader(w.bytes)
        XCTAssertEqual(try r.readVarInt(), 0)
        XCTAssertEqual(try r.readVarInt(), -1)
        XCTAssertEqual(try r.readVarInt(), 1)
        XCTAssertEqual(try r.readVarInt(), -64)
        XCTAssertEqual(try r.readVarInt(), 64)
        XCTAssertEqual(try r.readUnsignedVarInt(), 300)
        XCTAssertEqual(try r.readVarLong(), Int64.min)
        XCTAssertEqual(try r.readVarInt(), Int32.max)
        XCTAssertEqual(r.remaining, 0)
    }

    func testOverlongVarintsThrow() {
        var r = ByteReader([0xff, 0xff, 0xff, 0xff, 0xff, 0x01])
        XCTAssertThrowsError(try r.readUnsignedVarInt())
        var r2 = ByteReader([0xff, 0xff, 0xff, 0xff, 0x1f])   // 35 bits
        XCTAssertThrowsError(try r2.readUnsignedVarInt())
        var r3 = ByteReader([0x80])
        XCTAssertThrowsError(try r3.readUnsignedVarInt())
    }

    func testFixedWidthAreBigEndian() throws {
        var w = ByteWriter()
        w.writeInt16(-2); w.writeInt32(0x01020304); w.writeInt64(-1); w.writeUInt32(0xfffffffe); w.writeBool(true)
        XCTAssertEqual(w.bytes, [0xff, 0xfe, 0x01, 0x02, 0x03, 0x04] + [UInt8](repeating: 0xff, count: 8) + [0xff, 0xff, 0xff, 0xfe, 0x01])
        var r = ByteReader(w.bytes)
        XCTAssertEqual(try r.readInt16(), -2)
        XCTAssertEqual(try r.readInt32(), 0x01020304)
        XCTAssertEqual(try r.readInt64(), -1)
        XCTAssertEqual(try r.readUInt32(), 0xfffffffe)
        XCTAssertEqual(try r.readBool(), true)
        XCTAssertThrowsError(try r.readInt8())
    }

    func testStringsAndBytesClassicAndCompact() throws {
        var w = ByteWriter()
        w.writeString("ab", flexible: false); w.writeNullableString(nil, flexible: false)
        w.writeString("ab", flexible: true); w.writeNullableString(nil, flexible: true)
        w.writeBytes([9], flexible: false); w.writeNullableBytes(nil as [UInt8]?, flexible: false)
        w.writeBytes([9], flexible: true); w.writeNullableBytes(nil as [UInt8]?, flexible: true)
        XCTAssertEqual(w.bytes, [0x00, 0x02, 0x61, 0x62, 0xff, 0xff, 0x03, 0x61, 0x62, 0x00,
                                 0x00, 0x00, 0x00, 0x01, 0x09, 0xff, 0xff, 0xff, 0xff, 0x02, 0x09, 0x00])
        var r = ByteReader(w.bytes)
        XCTAssertEqual(try r.readString(flexible: false), "ab")
        XCTAssertNil(try r.readNullableString(flexible: false))
        XCTAssertEqual(try r.readString(flexible: true), "ab")
        XCTAssertThrowsError(try r.readString(flexible: true), "null where a string is required")
        XCTAssertEqual(Array(try r.readBytes(flexible: false)), [9])
        XCTAssertNil(try r.readNullableBytes(flexible: false))
        XCTAssertEqual(Array(try r.readBytes(flexible: true)), [9])
        XCTAssertNil(try r.readNullableBytes(flexible: true))
    }

    func testHugeLengthsAndCountsThrowWithoutAllocating() {
        var strings = ByteReader([0x7f, 0xff, 0x61])                  // string of 32767 bytes, 1 present
        XCTAssertThrowsError(try strings.readString(flexible: false))
        var bytes = ByteReader([0x7f, 0xff, 0xff, 0xff])              // 2 GiB of bytes
        XCTAssertThrowsError(try bytes.readBytes(flexible: false))
        var arrays = ByteReader([0x7f, 0xff, 0xff, 0xff, 0x00])       // 2^31 - 1 elements
        XCTAssertThrowsError(try arrays.readArrayCount(flexible: false))
        var compact = ByteReader([0xff, 0xff, 0xff, 0xff, 0x0f])      // compact count 2^32 - 2
        XCTAssertThrowsError(try compact.readArrayCount(flexible: true))
        var negative = ByteReader([0xff, 0xff, 0xff, 0xfe])           // count -2
        XCTAssertThrowsError(try negative.readArrayCount(flexible: false))
        var negativeString = ByteReader([0xff, 0xfe])                 // length -2
        XCTAssertThrowsError(try negativeString.readNullableString(flexible: false))
        var tags = ByteReader([0x7f, 0x00])                            // 127 tagged fields in 1 byte
        XCTAssertThrowsError(try tags.skipTaggedFields())
        var tagSize = ByteReader([0x01, 0x00, 0x7f])                   // tag 0 claims 127 bytes
        XCTAssertThrowsError(try tagSize.skipTaggedFields())
    }

    func testMessagesWithHostileCountsThrow() {
        // Produce v3: null txn id, acks, timeout, then a topic count of 2^31 - 1.
        let hostile: [UInt8] = [0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01, 0x7f, 0xff, 0xff, 0xff]
        XCTAssertThrowsError(try ProduceRequest(decoding: hostile[...], version: 3))
        // Metadata v1 with a negative (not -1) topic count.
        XCTAssertThrowsError(try MetadataRequest(decoding: [0xff, 0xff, 0xff, 0xf0][...], version: 1))
        // Fetch v12 with a topic name length of 2^32 - 2.
        var w = ByteWriter()
        FetchRequest().encode(into: &w, version: 12)
        var bytes = Array(w.bytes.prefix(25))   // fixed fields up to the topics count
        bytes += [0x02, 0xff, 0xff, 0xff, 0xff, 0x0f]
        XCTAssertThrowsError(try FetchRequest(decoding: bytes[...], version: 12))
    }

    func testEveryTruncationOfAValidMessageThrows() {
        let produce = ProduceRequest(transactionalId: "tx", acks: -1, timeoutMs: 5,
                                     topicData: [.init(name: "a", partitionData: [.init(index: 1, records: [1, 2, 3][...])])])
        for version: Int16 in [3, 9] { assertTruncationsThrow(ProduceRequest.self, version: version, bytes: produce.encodedBytes(version: version)) }
        let metadata = MetadataResponse(brokers: [.init(nodeId: 1, host: "h", port: 1)], clusterId: "c",
                                        topics: [.init(name: "t", partitions: [.init(replicaNodes: [1])])])
        for version: Int16 in [1, 12] { assertTruncationsThrow(MetadataResponse.self, version: version, bytes: metadata.encodedBytes(version: version)) }
        let fetch = FetchResponse(responses: [.init(topic: "t", partitions: [.init(divergingEpoch: .init(epoch: 1, endOffset: 2), records: .bytes([1][...]))])])
        for version: Int16 in [4, 12] { assertTruncationsThrow(FetchResponse.self, version: version, bytes: fetch.encodedBytes(version: version)) }
    }

    func testTrailingBytesAreRejectedByWholeBodyDecoding() {
        XCTAssertThrowsError(try ApiVersionsRequest(decoding: [0x00][...], version: 0))
    }

    func testWriterSplicesExternalChunksAndPatchesSizes() {
        final class Token {}
        let token = Token()
        var w = ByteWriter()
        w.writeInt32(0)
        w.writeInt8(1)
        w.writeExternal(token: token, count: 100)
        w.writeInt8(2)
        w.writeInt8(3)
        XCTAssertEqual(w.count, 4 + 1 + 100 + 2)
        w.patchInt32(at: 0, Int32(w.count - 4))
        let chunks = w.finish()
        XCTAssertEqual(chunks.count, 3)
        guard case .bytes(let head) = chunks[0], case .external(let t, 100) = chunks[1], case .bytes(let tail) = chunks[2] else {
            return XCTFail("unexpected chunks \(chunks)")
        }
        XCTAssertEqual(head, [0x00, 0x00, 0x00, 0x67, 0x01])   // size 103 patched into the first chunk
        XCTAssertTrue(t === token)
        XCTAssertEqual(tail, [0x02, 0x03])
    }

    func testUUIDForms() {
        XCTAssertEqual(sampleUUID.hexDescription, "00010203-0405-0607-0809-0a0b0c0d0e0f")
        XCTAssertEqual(sampleUUID.base64Description, "AAECAwQFBgcICQoLDA0ODw")
        XCTAssertEqual(UUID16(base64: "AAECAwQFBgcICQoLDA0ODw"), sampleUUID)
        XCTAssertEqual(UUID16.zero.bytes, [UInt8](repeating: 0, count: 16))
        let a = UUID16.random(), b = UUID16.random()
        XCTAssertNotEqual(a, b)
        XCTAssertNotEqual(a, .zero)
        XCTAssertFalse(a.base64Description.hasPrefix("-"))
        XCTAssertEqual(UUID16(bytes: a.bytes), a)
    }
}

final class HeaderTests: XCTestCase {
    func testRequestHeaderV1AndV2() throws {
        let header = RequestHeader(apiKey: 3, apiVersion: 12, correlationId: 7, clientId: "c")
        var w = ByteWriter()
        header.encode(into: &w, flexible: true)
        XCTAssertEqual(w.bytes, [
            0x00, 0x03,               // apiKey 3
            0x00, 0x0c,               // apiVersion 12
            0x00, 0x00, 0x00, 0x07,   // correlationId 7
            0x00, 0x01, 0x63,         // clientId "c": i16 length even in v2
            0x00,                     // tagged fields
        ])
        var r = ByteReader(w.bytes)
        XCTAssertEqual(try RequestHeader.parse(&r), header, "v2 chosen from the key and version")
        XCTAssertTrue(r.isAtEnd)

        var v1 = ByteWriter()
        RequestHeader(apiKey: 18, apiVersion: 0, correlationId: 1, clientId: nil).encode(into: &v1, flexible: false)
        XCTAssertEqual(v1.bytes, [0x00, 0x12, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xff, 0xff])
        var r1 = ByteReader(v1.bytes)
        XCTAssertEqual(try RequestHeader.parse(&r1).clientId, nil)
        XCTAssertTrue(r1.isAtEnd)
    }

    func testResponseFrameHasSizeCorrelationAndTaggedFieldsWhenFlexible() {
        let chunks = ResponseFrame.encode(correlationId: 9, flexibleHeader: true) { $0.writeInt16(0) }
        guard case .bytes(let b)? = chunks.first else { return XCTFail() }
        XCTAssertEqual(b, [0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00])
    }

    func testFrameSizeIsBounded() throws {
        XCTAssertNil(try RequestFrame.frameSize([0, 0, 1]))
        XCTAssertEqual(try RequestFrame.frameSize([0, 0, 1, 0]), 256)
        XCTAssertThrowsError(try RequestFrame.frameSize([0xff, 0xff, 0xff, 0xff]))
        XCTAssertThrowsError(try RequestFrame.frameSize([0x7f, 0xff, 0xff, 0xff]))
    }

    func testApiKeyNamesAndFlexibility() {
        XCTAssertEqual(ApiKey.produce.name, "Produce")
        XCTAssertTrue(ApiKey.produce.isFlexible(version: 9))
        XCTAssertFalse(ApiKey.produce.isFlexible(version: 8))
        XCTAssertFalse(ApiKey.saslHandshake.isFlexible(version: 1))
        XCTAssertTrue(ApiKey.describeCluster.isFlexible(version: 0))
        XCTAssertEqual(ErrorCode(rawValue: 3), .unknownTopicOrPartition)
        XCTAssertEqual(ErrorCode.invalidRecord.rawValue, 87)
        XCTAssertEqual(ErrorCode.notCoordinator.name, "NOT_COORDINATOR")
    }
}
