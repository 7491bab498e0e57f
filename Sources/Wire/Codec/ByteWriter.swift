/// Appends Kafka primitives (big-endian) to a growing buffer. Record data that lives elsewhere can be
/// spliced in with `writeExternal`, so a Fetch response never copies log bytes through this writer.
public struct ByteWriter {
    /// Chunks already closed by an external splice.
    @usableFromInline var closed: [EncodedChunk] = []
    @usableFromInline var closedCount = 0
    /// The open bytes chunk at the end.
    @usableFromInline var buffer: [UInt8]

    public init(capacity: Int = 256) {
        buffer = []
        buffer.reserveCapacity(capacity)
    }

    /// Total bytes written, external ones included.
    @inlinable public var count: Int { closedCount + buffer.count }

    /// The chunks, with adjacent byte runs merged (a splice is the only thing that splits them).
    public func finish() -> [EncodedChunk] {
        buffer.isEmpty ? closed : closed + [.bytes(buffer)]
    }

    /// The bytes written, for writers that hold no external chunks (tests, nested encodings).
    public var bytes: [UInt8] {
        precondition(closed.allSatisfy { if case .bytes = $0 { return true } else { return false } },
                     "bytes is only defined without external chunks")
        var out: [UInt8] = []
        for case .bytes(let b) in closed { out += b }
        return out + buffer
    }

    @inlinable mutating func writeFixed<T: FixedWidthInteger>(_ v: T) {
        var be = v.bigEndian
        withUnsafeBytes(of: &be) { buffer.append(contentsOf: $0) }
    }

    @inlinable public mutating func writeInt8(_ v: Int8) { buffer.append(UInt8(bitPattern: v)) }
    @inlinable public mutating func writeUInt8(_ v: UInt8) { buffer.append(v) }
    @inlinable public mutating func writeInt16(_ v: Int16) { writeFixed(v) }
    @inlinable public mutating func writeUInt16(_ v: UInt16) { writeFixed(v) }
    @inlinable public mutating func writeInt32(_ v: Int32) { writeFixed(v) }
    @inlinable public mutating func writeUInt32(_ v: UInt32) { writeFixed(v) }
    @inlinable public mutating func writeInt64(_ v: Int64) { writeFixed(v) }
    public mutating func writeFloat64(_ v: Double) { writeFixed(v.bitPattern) }
    public mutating func writeBool(_ v: Bool) { buffer.append(v ? 1 : 0) }
    public mutating func writeUUID(_ v: UUID16) { writeFixed(v.high); writeFixed(v.low) }

    // MARK: Varints

    public mutating func writeUnsignedVarInt(_ v: UInt32) { writeUnsignedVarLong(UInt64(v)) }

    mutating func writeUnsignedVarLong(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            buffer.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        buffer.append(UInt8(v))
    }

    /// Zigzag-encoded signed varint.
    public mutating func writeVarInt(_ v: Int32) {
        writeUnsignedVarInt(UInt32(bitPattern: (v << 1) ^ (v >> 31)))
    }

    /// Zigzag-encoded signed varlong.
    public mutating func writeVarLong(_ v: Int64) {
        writeUnsignedVarLong(UInt64(bitPattern: (v << 1) ^ (v >> 63)))
    }

    // MARK: Length-prefixed values

    /// -1 means null. Classic versions use i16 (strings) or i32 (bytes, arrays); flexible ones uvarint(n + 1).
    mutating func writeLength(_ n: Int, flexible: Bool, wide: Bool) {
        precondition(n >= -1, "negative length")
        if flexible { writeUnsignedVarInt(UInt32(n + 1)) }
        else if wide { writeInt32(Int32(n)) }
        else {
            precondition(n <= Int(Int16.max), "string longer than 32767 bytes")
            writeInt16(Int16(n))
        }
    }

    public mutating func writeString(_ s: String, flexible: Bool) {
        var s = s
        s.withUTF8 { utf8 in
            writeLength(utf8.count, flexible: flexible, wide: false)
            buffer.append(contentsOf: utf8)
        }
    }

    public mutating func writeNullableString(_ s: String?, flexible: Bool) {
        if let s { writeString(s, flexible: flexible) } else { writeLength(-1, flexible: flexible, wide: false) }
    }

    public mutating func writeBytes(_ b: some Collection<UInt8>, flexible: Bool) {
        writeLength(b.count, flexible: flexible, wide: true)
        buffer.append(contentsOf: b)
    }

    public mutating func writeBytes(_ b: UnsafeRawBufferPointer, flexible: Bool) {
        writeLength(b.count, flexible: flexible, wide: true)
        buffer.append(contentsOf: b)
    }

    public mutating func writeNullableBytes<C: Collection>(_ b: C?, flexible: Bool) where C.Element == UInt8 {
        if let b { writeBytes(b, flexible: flexible) } else { writeLength(-1, flexible: flexible, wide: true) }
    }

    /// Raw bytes with no length prefix.
    public mutating func writeRawBytes(_ b: some Collection<UInt8>) { buffer.append(contentsOf: b) }

    /// nil writes a null array.
    public mutating func writeArrayCount(_ n: Int?, flexible: Bool) {
        writeLength(n ?? -1, flexible: flexible, wide: true)
    }

    public mutating func writeEmptyTaggedFields() { buffer.append(0) }

    /// Writes one tagged field: tag, payload size, payload (encoded by `body` into its own writer).
    public mutating func writeTaggedField(tag: UInt32, _ body: (inout ByteWriter) -> Void) {
        var field = ByteWriter(capacity: 16)
        body(&field)
        let payload = field.bytes
        writeUnsignedVarInt(tag)
        writeUnsignedVarInt(UInt32(payload.count))
        buffer.append(contentsOf: payload)
    }

    // MARK: Splicing and patching

    /// Reserves `count` bytes that the owner of `token` supplies when the message is sent.
    public mutating func writeExternal(token: AnyObject, count: Int) {
        precondition(count >= 0, "negative external length")
        if !buffer.isEmpty {
            closed.append(.bytes(buffer))
            closedCount += buffer.count
            buffer = []
            buffer.reserveCapacity(64)
        }
        closed.append(.external(token: token, count: count))
        closedCount += count
    }

    /// Overwrites 4 bytes at `position` (a size prefix written before the body was known).
    /// The position must fall inside bytes this writer produced, not inside an external chunk.
    public mutating func patchInt32(at position: Int, _ v: Int32) {
        let be = UInt32(bitPattern: v)
        let patch = (0..<4).map { UInt8(truncatingIfNeeded: be >> UInt32(24 - 8 * $0)) }
        if position >= closedCount {
            let at = position - closedCount
            precondition(at + 4 <= buffer.count, "patch beyond the written bytes")
            buffer.replaceSubrange(at..<at + 4, with: patch)
            return
        }
        var start = 0
        for i in closed.indices {
            let size = closed[i].count
            if position < start + size {
                guard case .bytes(var b) = closed[i], position - start + 4 <= size else {
                    preconditionFailure("patch must lie inside one bytes chunk")
                }
                closed[i] = .bytes([])   // drop the reference so the copy below is unique
                b.replaceSubrange(position - start..<position - start + 4, with: patch)
                closed[i] = .bytes(b)
                return
            }
            start += size
        }
    }
}
