/// The time index of one segment: entries (timestamp i64, relative offset u32), timestamps strictly
/// increasing. Entry (T, r) means: the batch at relative offset r and every batch before it have
/// max timestamp <= T (T is the segment's running maximum when the entry was made). The last entry
/// holds the segment's max timestamp once the segment is closed. Persisted like the offset index
/// (12-byte big-endian entries).
struct TimeIndex {
    static let entryBytes = 12
    private(set) var timestamps: [Int64] = []
    private(set) var relativeOffsets: [UInt32] = []
    /// File position of each entry's batch, in memory only (0 for entries loaded from the file,
    /// which are persisted already): decides which entries may be written after a sync.
    private var positions: [Int] = []
    var persistedCount = 0

    var count: Int { timestamps.count }
    var lastTimestamp: Int64? { timestamps.last }

    mutating func append(timestamp: Int64, relativeOffset: UInt32, position: Int) {
        if let last = timestamps.last, timestamp <= last { return }
        if let last = relativeOffsets.last, relativeOffset < last { return }
        timestamps.append(timestamp)
        relativeOffsets.append(relativeOffset)
        positions.append(position)
    }

    /// How many entries name batches below `position`.
    func count(belowPosition position: Int) -> Int {
        var n = count
        while n > 0 && positions[n - 1] >= position { n -= 1 }
        return n
    }

    /// The relative offset of the last entry with timestamp < `timestamp`: every batch before it
    /// is older, so a search may start there. nil = start at the segment's beginning.
    func scanStart(forTimestamp timestamp: Int64) -> UInt32? {
        var low = 0, high = timestamps.count  // first index with value >= target
        while low < high {
            let mid = (low + high) / 2
            if timestamps[mid] < timestamp { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : relativeOffsets[low - 1]
    }

    init() {}

    init(fileBytes: [UInt8], nextRelativeOffset: UInt32?) {
        let entryCount = fileBytes.count / Self.entryBytes
        fileBytes.withUnsafeBytes { raw in
            for i in 0..<entryCount {
                let timestamp = Int64(bigEndian: raw.loadUnaligned(fromByteOffset: i * 12, as: Int64.self))
                let relative = UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: i * 12 + 8, as: UInt32.self))
                if let nextRelativeOffset, relative >= nextRelativeOffset { break }
                if let last = timestamps.last, timestamp <= last { break }
                if let last = relativeOffsets.last, relative < last { break }
                timestamps.append(timestamp)
                relativeOffsets.append(relative)
                positions.append(0)
            }
        }
        persistedCount = count
    }

    func encoded(from start: Int, to end: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((end - start) * Self.entryBytes)
        for i in start..<end {
            withUnsafeBytes(of: timestamps[i].bigEndian) { out.append(contentsOf: $0) }
            withUnsafeBytes(of: relativeOffsets[i].bigEndian) { out.append(contentsOf: $0) }
        }
        return out
    }
}
