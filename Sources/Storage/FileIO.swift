import Glibc

/// Thin, EINTR-safe wrappers over the system calls the log uses; errors become StorageError.io.
enum FileIO {
    static func open(_ path: String, flags: Int32, mode: mode_t = 0o644) throws -> Int32 {
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno != EINTR { throw StorageError.io(op: "open \(path)", errno: errno) }
        }
    }

    /// Reads up to `buffer.count` bytes at `offset`; fewer only at end of file.
    static func pread(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int {
        var done = 0
        while done < buffer.count {
            let n = Glibc.pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if n > 0 { done += n; continue }
            if n == 0 { break }
            if errno != EINTR { throw StorageError.io(op: "pread", errno: errno) }
        }
        return done
    }

    static func pwrite(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int) throws {
        var done = 0
        while done < bytes.count {
            let n = Glibc.pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if n > 0 { done += n; continue }
            if n < 0 && errno == EINTR { continue }
            throw StorageError.io(op: "pwrite", errno: n < 0 ? errno : ENOSPC)
        }
    }

    static func fdatasync(_ fd: Int32) throws {
        while Glibc.fdatasync(fd) != 0 {
            if errno != EINTR { throw StorageError.io(op: "fdatasync", errno: errno) }
        }
    }

    static func fsync(_ fd: Int32) throws {
        while Glibc.fsync(fd) != 0 {
            if errno != EINTR { throw StorageError.io(op: "fsync", errno: errno) }
        }
    }

    static func truncate(_ fd: Int32, to size: Int) throws {
        while ftruncate(fd, off_t(size)) != 0 {
            if errno != EINTR { throw StorageError.io(op: "ftruncate", errno: errno) }
        }
    }

    static func size(_ fd: Int32) throws -> Int {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw StorageError.io(op: "fstat", errno: errno) }
        return Int(info.st_size)
    }

    /// Last modification time in ms since the epoch (a segment's age when it holds no timestamps).
    static func modifiedMs(_ fd: Int32) throws -> Int64 {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw StorageError.io(op: "fstat", errno: errno) }
        return Int64(info.st_mtim.tv_sec) * 1000 + Int64(info.st_mtim.tv_nsec) / 1_000_000
    }

    /// Makes a directory's entries (new, renamed or removed files) durable.
    static func syncDirectory(_ path: String) throws {
        let fd = try open(path, flags: O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try fsync(fd)
    }

    static func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw StorageError.io(op: "mkdir \(path)", errno: errno) }
    }

    static func fileExists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    static func remove(_ path: String) throws {
        if unlink(path) != 0 && errno != ENOENT { throw StorageError.io(op: "unlink \(path)", errno: errno) }
    }

    static func rename(_ from: String, to: String) throws {
        if Glibc.rename(from, to) != 0 { throw StorageError.io(op: "rename \(from)", errno: errno) }
    }

    /// Names in a directory, without "." and "..".
    static func list(_ path: String) throws -> [String] {
        guard let dir = opendir(path) else { throw StorageError.io(op: "opendir \(path)", errno: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Removes a directory and the files in it (partition directories hold no subdirectories).
    static func removeDirectory(_ path: String) throws {
        guard fileExists(path) else { return }
        for name in try list(path) { try remove(path + "/" + name) }
        if rmdir(path) != 0 && errno != ENOENT { throw StorageError.io(op: "rmdir \(path)", errno: errno) }
    }

    /// Milliseconds since the epoch, for LogAppendTime and segment.ms.
    static func nowMs() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
