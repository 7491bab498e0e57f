@testable import Records

/// A one-record batch written out field by field from the magic-2 definition, not by the builder.
/// Record: key "k", value "hi", one header "h" with a null value, timestamp = base timestamp.
enum HandBuiltBatch {
    static let baseTimestamp: Int64 = 1_700_000_000_000  // 0x0000018BCFE56800
    /// CRC-32C over bytes 21..<74, computed bit by bit outside this code base.
    static let crc: UInt32 = 0x2153_5A51

    static let bytes: [UInt8] = [
        0, 0, 0, 0, 0, 0, 0, 0,                          // baseOffset 0
        0, 0, 0, 62,                                     // batchLength = 74 - 12
        0xFF, 0xFF, 0xFF, 0xFF,                          // partitionLeaderEpoch -1
        2,                                               // magic
        0x21, 0x53, 0x5A, 0x51,                          // crc
        0, 0,                                            // attributes: no codec, CreateTime
        0, 0, 0, 0,                                      // lastOffsetDelta 0
        0, 0, 0x01, 0x8B, 0xCF, 0xE5, 0x68, 0x00,        // baseTimestamp
        0, 0, 0x01, 0x8B, 0xCF, 0xE5, 0x68, 0x00,        // maxTimestamp
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,  // producerId -1
        0xFF, 0xFF,                                      // producerEpoch -1
        0xFF, 0xFF, 0xFF, 0xFF,                          // baseSequence -1
        0, 0, 0, 1,                                      // recordCount 1
        // record
        0x18,                                            // length 12 (zigzag 24)
        0x00,                                            // attributes
        0x00,                                            // timestampDelta 0
        0x00,                                            // offsetDelta 0
        0x02, 0x6B,                                      // key length 1, "k"
        0x04, 0x68, 0x69,                                // value length 2, "hi"
        0x02,                                            // 1 header
        0x02, 0x68,                                      // header key length 1, "h"
        0x01,                                            // header value null (-1)
    ]
}

extension Array where Element == UInt8 {
    /// Calls `body` with a mutable copy, returning the copy.
    func mutated(_ body: (UnsafeMutableRawBufferPointer) -> Void) -> [UInt8] {
        var copy = self
        copy.withUnsafeMutableBytes(body)
        return copy
    }

    func storing<T: FixedWidthInteger>(_ value: T, at offset: Int) -> [UInt8] {
        mutated { $0.storeBytes(of: value.bigEndian, toByteOffset: offset, as: T.self) }
    }
}
