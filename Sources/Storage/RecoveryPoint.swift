/// The partition's recovery point: segments whose base offset is below it were fully synced, so
/// start-up trusts them and checks only the later ones. A lost or torn write only makes the next
/// recovery scan more (it reads as 0).
enum RecoveryPoint {
    static let fileName = "recovery-point"

    static func read(directory: String) -> Int64 {
        OffsetCheckpoint(directory: directory, fileName: fileName).read() ?? 0
    }

    static func write(_ offset: Int64, directory: String) throws {
        try OffsetCheckpoint(directory: directory, fileName: fileName).write(offset)
    }
}
