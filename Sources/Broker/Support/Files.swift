import Glibc

/// A small text file (configuration, metadata), or nil when it cannot be read.
public func readTextFile(_ path: String) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4096) }
        if n < 0 && errno == EINTR { continue }
        if n < 0 { return nil }      // e.g. EISDIR: a directory is not a file we can read
        if n == 0 { break }
        bytes += chunk[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Write to a temporary file, fsync, rename over the target: the file is either old or new, never torn.
func writeFileAtomically(_ path: String, _ text: String) throws {
    let tmp = path + ".tmp"
    let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw ConfigError("cannot write \(tmp): \(String(cString: strerror(errno)))") }
    let bytes = Array(text.utf8)
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    let synced = fsync(fd)
    close(fd)
    guard written == bytes.count, synced == 0, rename(tmp, path) == 0 else {
        throw ConfigError("cannot write \(path): \(String(cString: strerror(errno)))")
    }
}

/// mkdir -p.
func ensureDirectory(_ path: String) throws {
    var isDir = stat()
    if stat(path, &isDir) == 0 { return }
    // mkdir -p
    var prefix = path.hasPrefix("/") ? "/" : ""
    for part in path.split(separator: "/") {
        prefix += part + "/"
        if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
            throw ConfigError("cannot create data directory \(path): \(String(cString: strerror(errno)))")
        }
    }
}
