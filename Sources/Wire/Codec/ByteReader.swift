/// Reads Kafka primitives (big-endian) from a byte buffer with a cursor. Every read checks the bytes
/// that remain and throws `WireError` instead of trapping; byte fields come back as slices of the input.
public struct ByteReader {
    @usableFromInline let bytes: ArraySlice<UInt8>
    @usableFromInline var index: Int

    public init(_ bytes: [UInt8]) { self.init(bytes[...]) }
    public init(_ slice: ArraySlice<UInt8>) { bytes = slice; index = slice.startIndex }

    /// Bytes not yet read.
    @inlinable public var remaining: Int { bytes.endIndex - index }
    /// Bytes read so far.
    @inlinable public var position: Int { index - bytes.startIndex }
    @inlinable public var isAtEnd: Bool { index == bytes.endIndex }

    @inlinable mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, n <= remaining else { throw WireError("need \(n) bytes at \(position), \(remaining) left") }
        defer { index += n }
        return bytes[index..<index + n]
    }

    @inlinable mutating func readFixed<T: FixedWidthInteger>(_: T.Type) throws -> T {
        let size = MemoryLayout<T>.size
        guard size <= remaining else { throw WireError("need \(size) bytes at \(position), \(remaining) left") }
        var v: T = 0
        for i in index..<index + size { v = v << 8 | T(truncatingIfNeeded: bytes[i]) }
        index += size
        return v
    }

    @inlinable public mutating func readInt8() throws -> Int8 { try readFixed(Int8.self) }
    @inlinable public mutating func readUInt8() throws -> UInt8 { try readFixed(UInt8.self) }
    @inlinable public mutating func readInt16() throws -> Int16 { try readFixed(Int16.self) }
    @inlinable public mutating func readUInt16() throws -> UInt16 { try readFixed(UInt16.self) }
    @inlinable public mutating func readInt32() throws -> Int32 { try readFixed(Int32.self) }
    @inlinable public mutating func readUInt32() throws -> UInt32 { try readFixed(UInt32.self) }
    @inlinable public mutating func readInt64() throws -> Int64 { try readFixed(Int64.self) }
    public mutating func readFloat64() throws -> Double { Double(bitPattern: try readFixed(UInt64.self)) }
    public mutating func readBool() throws -> Bool { try readInt8() != 0 }

    public mutating func readUUID() throws -> UUID16 {
        let high = try readFixed(UInt64.self)
        return UUID16(high: high, low: try readFixed(UInt64.self))
    }

    // MARK: Varints (protobuf-style base-128, little-endian groups)

    /// An unsigned varint of at most 5 bytes (32 bits).
    public mutating func readUnsignedVarInt() throws -> UInt32 {
        var result: UInt32 = 0
        for shift in stride(from: 0, to: 35, by: 7) {
            let b = try readUInt8()
            if shift == 28 && b > 0x0F { throw WireError("unsigned varint overflows 32 bits at \(position)") }
            result |= UInt32(b & 0x7F) << UInt32(shift)
            if b & 0x80 == 0 { return result }
        }
        throw WireError("unsigned varint longer than 5 bytes at \(position)")
    }

    mutating func readUnsignedVarLong() throws -> UInt64 {
        var result: UInt64 = 0
        for shift in stride(from: 0, to: 70, by: 7) {
            let b = try readUInt8()
            if shift == 63 && b > 0x01 { throw WireError("varlong overflows 64 bits at \(position)") }
            result |= UInt64(b & 0x7F) << UInt64(shift)
            if b & 0x80 == 0 { return result }
        }
        throw WireError("varlong longer than 10 bytes at \(position)")
    }

    /// A zigzag-encoded signed varint (records use these).
    public mutating func readVarInt() throws -> Int32 {
        let u = try readUnsignedVarInt()
        return Int32(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    /// A zigzag-encoded signed varlong.
    public mutating func readVarLong() throws -> Int64 {
        let u = try readUnsignedVarLong()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    // MARK: Length-prefixed values

    /// Reads a length: i16/i32 for classic versions, uvarint(length + 1) for flexible ones. -1 means null.
    mutating func readLength(flexible: Bool, wide: Bool) throws -> Int {
        if flexible { return Int(try readUnsignedVarInt()) - 1 }
        return wide ? Int(try readInt32()) : Int(try readInt16())
    }

    public mutating func readNullableString(flexible: Bool) throws -> String? {
        let n = try readLength(flexible: flexible, wide: false)
        if n < 0 {
            guard n == -1 else { throw WireError("string length \(n) at \(position)") }
            return nil
        }
        return String(decoding: try take(n), as: UTF8.self)
    }

    public mutating func readString(flexible: Bool) throws -> String {
        guard let s = try readNullableString(flexible: flexible) else { throw WireError("null in a non-nullable string at \(position)") }
        return s
    }

    /// Bytes as a slice of the input: no copy.
    public mutating func readNullableBytes(flexible: Bool) throws -> ArraySlice<UInt8>? {
        let n = try readLength(flexible: flexible, wide: true)
        if n < 0 {
            guard n == -1 else { throw WireError("bytes length \(n) at \(position)") }
            return nil
        }
        return try take(n)
    }

    public mutating func readBytes(flexible: Bool) throws -> ArraySlice<UInt8> {
        guard let b = try readNullableBytes(flexible: flexible) else { throw WireError("null in non-nullable bytes at \(position)") }
        return b
    }

    /// Raw bytes with no length prefix.
    public mutating func readRawBytes(count: Int) throws -> ArraySlice<UInt8> { try take(count) }

    /// An array count; nil is a null array. Every element takes at least one byte, so a count larger
    /// than the bytes left is malformed: this keeps a hostile count from driving a huge allocation.
    public mutating func readArrayCount(flexible: Bool) throws -> Int? {
        let n = try readLength(flexible: flexible, wide: true)
        if n < 0 {
            guard n == -1 else { throw WireError("array count \(n) at \(position)") }
            return nil
        }
        guard n <= remaining else { throw WireError("array count \(n) exceeds the \(remaining) bytes left") }
        return n
    }

    /// Reads a non-nullable array count (null is malformed).
    public mutating func readNonNullArrayCount(flexible: Bool) throws -> Int {
        guard let n = try readArrayCount(flexible: flexible) else { throw WireError("null in a non-nullable array at \(position)") }
        return n
    }

    // MARK: Tagged fields (flexible versions)

    /// Skips a tagged-field section: count, then (tag, size, payload) per field.
    public mutating func skipTaggedFields() throws {
        try readTaggedFields { _, _ in }
    }

    /// Reads a tagged-field section, handing each field's payload to `body` as its own reader.
    /// Whatever `body` leaves unread is skipped, so unknown tags cost nothing.
    public mutating func readTaggedFields(_ body: (_ tag: UInt32, _ field: inout ByteReader) throws -> Void) throws {
        let count = try readUnsignedVarInt()
        guard count <= remaining else { throw WireError("tagged field count \(count) exceeds the \(remaining) bytes left") }
        var previousTag: UInt32? = nil
        for _ in 0..<count {
            let tag = try readUnsignedVarInt()
            if let p = previousTag, tag <= p { throw WireError("tagged fields out of order: \(tag) after \(p)") }
            previousTag = tag
            let size = Int(try readUnsignedVarInt())
            var field = ByteReader(try take(size))
            try body(tag, &field)
        }
    }
}
