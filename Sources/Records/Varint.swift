// Zigzag varints (protobuf style), as used inside records: small magnitudes take one byte.
enum Varint {
    static func appendZigZag(_ value: Int64, to bytes: inout [UInt8]) {
        var encoded = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        while encoded >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: encoded) | 0x80)
            encoded >>= 7
        }
        bytes.append(UInt8(encoded))
    }

    static func zigZagByteCount(_ value: Int64) -> Int {
        var encoded = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        var count = 1
        while encoded >= 0x80 { encoded >>= 7; count += 1 }
        return count
    }
}

/// Reads record fields from a bounded buffer; every read checks its bounds.
struct RecordCursor {
    /// A varlong takes at most 10 bytes (64 bits, 7 per byte).
    static let varlongBytesMax = 10
    let bytes: UnsafeRawBufferPointer
    var position: Int

    mutating func readZigZag64() throws(RecordBatchError) -> Int64 {
        var raw: UInt64 = 0
        var shift: UInt64 = 0
        for _ in 0..<Self.varlongBytesMax {
            guard position < bytes.count else { throw .invalidRecord }
            let byte = bytes[position]
            position += 1
            raw |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1) }
            shift += 7
        }
        throw .invalidRecord
    }

    mutating func readZigZag32() throws(RecordBatchError) -> Int32 {
        let value = try readZigZag64()
        guard let narrowed = Int32(exactly: value) else { throw .invalidRecord }
        return narrowed
    }

    mutating func readInt8() throws(RecordBatchError) -> Int8 {
        guard position < bytes.count else { throw .invalidRecord }
        defer { position += 1 }
        return Int8(bitPattern: bytes[position])
    }

    /// A varint length then that many bytes; length -1 is null.
    mutating func readNullableBytes() throws(RecordBatchError) -> [UInt8]? {
        let length = try readZigZag32()
        if length == -1 { return nil }
        guard length >= 0, Int(length) <= bytes.count - position else { throw .invalidRecord }
        defer { position += Int(length) }
        return Array(UnsafeRawBufferPointer(rebasing: bytes[position..<position + Int(length)]))
    }
}
