import Glibc
import XCTest
@testable import Net

/// A plain blocking TCP client with a receive timeout, so no test can hang.
final class TestClient {
    let fd: Int32

    convenience init(port: Int, receiveTimeoutMs: Int = 10_000) throws {
        try self.init(connecting: try unconnectedSocket(), port: port, receiveTimeoutMs: receiveTimeoutMs)
    }

    /// Connects a socket made earlier (connecting needs no new descriptor: tests that exhaust
    /// descriptors make their sockets first). Takes ownership of `socket`, closing it on failure.
    init(connecting socket: Int32, port: Int, receiveTimeoutMs: Int = 10_000) throws {
        fd = socket
        var timeout = timeval(tv_sec: receiveTimeoutMs / 1000, tv_usec: (receiveTimeoutMs % 1000) * 1000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else {
            let error = NetError.system(call: "connect", errno: errno)
            close(fd)
            throw error
        }
    }

    deinit { close(fd) }

    func send(_ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            sent += n
        }
    }

    func sendFrame(_ body: [UInt8]) { send(framed(body)) }

    /// Exactly `count` bytes, or nil on EOF, error or timeout.
    func read(count: Int, chunkBytesMax: Int = 1 << 20, pauseEveryChunkUs: UInt32 = 0) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let want = min(count - filled, chunkBytesMax)
            let n = bytes.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + filled, want, 0) }
            if n <= 0 { return nil }
            filled += n
            if pauseEveryChunkUs > 0 { usleep(pauseEveryChunkUs) }
        }
        return bytes
    }

    /// One length-prefixed frame's body, or nil.
    func readFrame() -> [UInt8]? {
        guard let prefix = read(count: 4) else { return nil }
        let size = Int(UInt32(prefix[0]) << 24 | UInt32(prefix[1]) << 16 | UInt32(prefix[2]) << 8 | UInt32(prefix[3]))
        return read(count: size)
    }

    enum Reply: Equatable {
        case frame([UInt8])
        /// EOF or reset before a whole frame arrived.
        case closed
        case timedOut
    }

    /// The next frame, or how the wait for it ended: tells a closed connection from a hanging one.
    func reply() -> Reply {
        var prefix = [UInt8](repeating: 0, count: 4)
        var filled = 0
        while filled < 4 {
            let n = prefix.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + filled, 4 - filled, 0) }
            if n == 0 { return .closed }
            if n < 0 {
                let code = errno
                if code == EINTR { continue }
                return code == EAGAIN || code == EWOULDBLOCK ? .timedOut : .closed
            }
            filled += n
        }
        let size = Int(UInt32(prefix[0]) << 24 | UInt32(prefix[1]) << 16 | UInt32(prefix[2]) << 8 | UInt32(prefix[3]))
        guard let body = read(count: size) else { return .closed }
        return .frame(body)
    }

    /// True if the server closed the connection (EOF or reset) before the timeout.
    func seesClose() -> Bool {
        var byte: UInt8 = 0
        let n = recv(fd, &byte, 1, 0)
        return n == 0 || (n < 0 && errno == ECONNRESET)
    }
}

/// A fresh, unconnected TCP socket.
func unconnectedSocket() throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw NetError.system(call: "socket", errno: errno) }
    return fd
}

/// The 4-byte big-endian size prefix.
func sizePrefix(_ count: Int) -> [UInt8] {
    let size = UInt32(count)
    return [UInt8(size >> 24), UInt8(size >> 16 & 0xff), UInt8(size >> 8 & 0xff), UInt8(size & 0xff)]
}

func framed(_ body: [UInt8]) -> [UInt8] { sizePrefix(body.count) + body }

/// A handler whose behaviour each test supplies as a closure.
final class ClosureHandler: FrameHandler, @unchecked Sendable {
    let onFrame: (_ frame: [UInt8], _ connection: ConnectionInfo, _ responder: Responder) -> Void
    let onClose: (ConnectionInfo) -> Void

    init(onClose: @escaping (ConnectionInfo) -> Void = { _ in },
         _ onFrame: @escaping (_ frame: [UInt8], _ connection: ConnectionInfo, _ responder: Responder) -> Void) {
        self.onFrame = onFrame
        self.onClose = onClose
    }

    func handle(frame: [UInt8], connection: ConnectionInfo, responder: Responder) {
        onFrame(frame, connection, responder)
    }

    func connectionClosed(_ connection: ConnectionInfo) { onClose(connection) }
}

/// Answers every frame with the same bytes, framed.
func echoHandler() -> ClosureHandler {
    ClosureHandler { frame, _, responder in responder.send([.bytes(framed(frame))]) }
}

func startedServer(_ handler: FrameHandler, configure: (inout ServerConfig) -> Void = { _ in }) throws -> TCPServer {
    var config = ServerConfig(port: 0, reactorCount: 2)
    configure(&config)
    let server = try TCPServer(config: config, handler: handler)
    server.start()
    return server
}

/// A thread-safe list the tests append to from reactor or helper threads.
final class Recorder<Element>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Element] = []
    func append(_ item: Element) { lock.lock(); items.append(item); lock.unlock() }
    var all: [Element] { lock.lock(); defer { lock.unlock() }; return items }
}

func openFileDescriptorCount() -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
}

func threadCount() -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? -1
}

func residentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        let kb = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return kb * 1024
    }
    return 0
}

/// Polls `condition` every millisecond until it holds or `timeoutMs` passes.
func eventually(timeoutMs: Int = 5000, _ condition: () -> Bool) -> Bool {
    for _ in 0..<timeoutMs {
        if condition() { return true }
        usleep(1000)
    }
    return condition()
}
