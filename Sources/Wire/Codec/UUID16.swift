/// A 16-byte UUID as Kafka carries it (topic ids): raw bytes, all-zero meaning "no id".
/// Stored as two big-endian halves so it is cheap to compare and hash.
public struct UUID16: Hashable, Sendable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) { self.high = high; self.low = low }

    /// Builds a UUID from exactly 16 bytes.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var h: UInt64 = 0, l: UInt64 = 0
        for (i, b) in bytes.enumerated() {
            if i < 8 { h = h << 8 | UInt64(b) } else { l = l << 8 | UInt64(b) }
        }
        self.init(high: h, low: l)
    }

    public static let zero = UUID16(high: 0, low: 0)

    /// A random version-4 UUID. Avoids the values Kafka reserves (zero and 0…01) and, like Kafka,
    /// ids whose base64 form starts with '-' (they look like command-line flags).
    public static func random() -> UUID16 {
        var rng = SystemRandomNumberGenerator()
        while true {
            var id = UUID16(high: rng.next(), low: rng.next())
            id.high = (id.high & ~0xF000) | 0x4000              // version 4
            id.low = (id.low & ~(0xC0 << 56)) | (0x80 << 56)    // IETF variant
            if id != .zero && !(id.high == 0 && id.low == 1) && !id.base64Description.hasPrefix("-") { return id }
        }
    }

    public var bytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 {
            out[i] = UInt8(truncatingIfNeeded: high >> UInt64(56 - 8 * i))
            out[8 + i] = UInt8(truncatingIfNeeded: low >> UInt64(56 - 8 * i))
        }
        return out
    }

    /// 8-4-4-4-12 lowercase hex, the RFC 4122 text form.
    public var hexDescription: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (i, b) in bytes.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
            out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// URL-safe base64 without padding: the form Kafka tools print for topic ids.
    public var base64Description: String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        let b = bytes
        var out: [UInt8] = []
        out.reserveCapacity(22)
        var i = 0
        while i + 3 <= b.count {
            let n = UInt32(b[i]) << 16 | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2])
            for shift in stride(from: 18, through: 0, by: -6) { out.append(alphabet[Int((n >> UInt32(shift)) & 63)]) }
            i += 3
        }
        let n = UInt32(b[15]) << 16  // one byte left over from 16 = 5 * 3 + 1
        out.append(alphabet[Int((n >> 18) & 63)]); out.append(alphabet[Int((n >> 12) & 63)])
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses the base64 form produced by `base64Description` (URL-safe, no padding).
    public init?(base64: String) {
        let bytes = Array(base64.utf8)
        guard bytes.count == 22 else { return nil }
        func value(_ c: UInt8) -> UInt32? {
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt32(c - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): return UInt32(c - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "-"), UInt8(ascii: "+"): return 62
            case UInt8(ascii: "_"), UInt8(ascii: "/"): return 63
            default: return nil
            }
        }
        var out: [UInt8] = []
        var acc: UInt32 = 0, bits = 0
        for c in bytes {
            guard let v = value(c) else { return nil }
            acc = acc << 6 | v; bits += 6
            if bits >= 8 { bits -= 8; out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits))) }
        }
        self.init(bytes: out.prefix(16))
    }

    public var description: String { base64Description }
}
