import Records

extension ProducerStateTable {
    /// How much of the log tail is scanned at start to rebuild producer state. Every batch header holds
    /// producerId, epoch, baseSequence and lastOffsetDelta, so the headers alone are enough. A producer
    /// whose last write is older than this is forgotten; its next batch is then accepted with any
    /// sequence (as for a new producer), so only a retry delayed past 64 MiB of later writes could be
    /// appended twice.
    static let rebuildScanBytesMax = 64 << 20

    /// Reads the batch headers of the last `scanBytesMax` bytes of the log (whole batches, starting at
    /// an offset index entry) and replays them. Cost: one pread per 64 KiB of small batches.
    static func rebuild(from segments: [LogSegment], scanBytesMax: Int = rebuildScanBytesMax) throws -> ProducerStateTable {
        var table = ProducerStateTable()
        var chosen: [(segment: LogSegment, start: Int)] = []
        var budget = scanBytesMax
        for segment in segments.reversed() where budget > 0 {
            if segment.size <= budget {
                chosen.append((segment, 0))
                budget -= segment.size
            } else {
                // Start at the first indexed batch inside the budget (the index only names batch starts).
                let from = segment.size - budget
                let start = segment.offsetIndex.positions.first(where: { Int($0) >= from }).map(Int.init) ?? segment.size
                chosen.append((segment, start))
                budget = 0
            }
        }
        for (segment, start) in chosen.reversed() {
            let reader = BatchReader(fd: segment.file.fd, end: segment.size)
            var position = start
            while let header = try reader.header(at: position), position + header.totalByteCount <= segment.size,
                  header.batchLength > 0 {
                table.record(header, baseOffset: header.baseOffset)
                position += header.totalByteCount
            }
        }
        return table
    }
}
