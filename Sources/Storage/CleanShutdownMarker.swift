import Glibc

/// A file left in a partition directory by a clean close (everything synced). Its absence at
/// open means a crash: recovery then checks every batch of the active segment, not only those
/// after its last index entry. Consumed (removed) at open, so a later crash is seen as one.
enum CleanShutdownMarker {
    static let fileName = "clean-shutdown"

    static func write(directory: String) {
        guard let fd = try? FileIO.open(directory + "/" + fileName, flags: O_WRONLY | O_CREAT) else { return }
        _ = try? FileIO.fsync(fd)
        close(fd)
        _ = try? FileIO.syncDirectory(directory)
    }

    /// Whether the marker was there; removes it.
    static func consume(directory: String) -> Bool {
        let path = directory + "/" + fileName
        guard FileIO.fileExists(path) else { return false }
        try? FileIO.remove(path)
        return true
    }
}
