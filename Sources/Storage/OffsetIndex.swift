/// The sparse offset index of one segment: relative offset (u32) -> file position (u32), one entry
/// about every index.interval.bytes. Kept in memory; the file (8-byte big-endian entries) is
/// written only for log data already synced, so a persisted entry never points at a torn batch.
struct OffsetIndex {
    static let entryBytes = 8
    private(set) var relativeOffsets: [UInt32] = []
    private(set) var positions: [UInt32] = []
    /// Entries [0, persistedCount) are in the file.
    var persistedCount = 0

    var count: Int { positions.count }
    var last: (relativeOffset: UInt32, position: UInt32)? {
        guard let p = positions.last, let r = relativeOffsets.last else { return nil }
        return (r, p)
    }

    mutating func append(relativeOffset: UInt32, position: UInt32) {
        if let last, relativeOffset <= last.relativeOffset || position <= last.position { return }
        relativeOffsets.append(relativeOffset)
        positions.append(position)
    }

    /// The entry with the largest relative offset <= `relativeOffset`: (that offset, its position).
    func floor(relativeOffset: UInt32) -> (relativeOffset: UInt32, position: Int)? {
        var low = 0, high = relativeOffsets.count  // first index with value > target
        while low < high {
            let mid = (low + high) / 2
            if relativeOffsets[mid] <= relativeOffset { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : (relativeOffsets[low - 1], Int(positions[low - 1]))
    }

    /// Parses a file's bytes, keeping the longest prefix of sane entries (strictly increasing and
    /// inside the segment): a torn or stale index only costs a longer scan.
    init(fileBytes: [UInt8], segmentBytes: Int) {
        let entryCount = fileBytes.count / Self.entryBytes
        fileBytes.withUnsafeBytes { raw in
            for i in 0..<entryCount {
                let relative = UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt32.self))
                let position = UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: i * 8 + 4, as: UInt32.self))
                if Int(position) >= segmentBytes { break }
                if let last, relative <= last.relativeOffset || position <= last.position { break }
                relativeOffsets.append(relative)
                positions.append(position)
            }
        }
        persistedCount = count
    }

    init() {}

    /// How many entries point below `position` (entries are sorted by position).
    func count(belowPosition position: Int) -> Int {
        var n = count
        while n > 0 && Int(positions[n - 1]) >= position { n -= 1 }
        return n
    }

    /// Big-endian bytes of entries [start, end).
    func encoded(from start: Int, to end: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((end - start) * Self.entryBytes)
        for i in start..<end {
            withUnsafeBytes(of: relativeOffsets[i].bigEndian) { out.append(contentsOf: $0) }
            withUnsafeBytes(of: positions[i].bigEndian) { out.append(contentsOf: $0) }
        }
        return out
    }
}
