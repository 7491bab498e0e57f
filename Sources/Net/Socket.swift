import CSystem
import Glibc

/// Thin helpers over the BSD socket calls; errors become `NetError.system`.
enum Socket {
    static func lastError(_ call: String) -> NetError { .system(call: call, errno: errno) }

    /// A non-blocking, close-on-exec listening socket bound to host:port with SO_REUSEADDR. Failures
    /// name the address (`NetError.cannotListen`), since that is what an operator has to fix.
    static func listen(host: String, port: Int, backlog: Int) throws -> Int32 {
        guard (0...65535).contains(port) else { throw NetError.invalidAddress("\(host):\(port)") }
        var address = try SocketAddress(host: host, port: port)
        let addressText = SocketAddress.text(host: host, port: port)
        func failure(_ call: String) -> NetError { .cannotListen(address: addressText, call: call, errno: errno) }
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = socket(address.family, type, 0)
        guard fd >= 0 else { throw failure("socket") }
        do {
            var one: Int32 = 1
            guard setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
                throw failure("setsockopt(SO_REUSEADDR)")
            }
            let bound = address.withSockaddr { bind(fd, $0, $1) }
            guard bound == 0 else { throw failure("bind") }
            guard Glibc.listen(fd, Int32(clamping: backlog)) == 0 else { throw failure("listen") }
        } catch {
            close(fd)
            throw error
        }
        return fd
    }

    /// Small responses must not wait for Nagle's algorithm: Kafka clients pipeline and wait on each.
    static func disableNagle(_ fd: Int32) {
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    static func localPort(_ fd: Int32) -> Int {
        endpoint(fd, getsockname).port
    }

    static func peer(_ fd: Int32) -> (address: String, port: Int) {
        endpoint(fd, getpeername)
    }

    private static func endpoint(
        _ fd: Int32,
        _ call: (Int32, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Int32
    ) -> (address: String, port: Int) {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let rc = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { call(fd, $0, &length) }
        }
        guard rc == 0 else { return ("?", 0) }
        return SocketAddress.describe(storage)
    }
}

/// An IPv4 or IPv6 socket address parsed from a numeric host (or "localhost", or "" for any).
struct SocketAddress {
    private var storage = sockaddr_storage()
    private(set) var family: Int32
    private var length: socklen_t

    init(host: String, port: Int) throws {
        let name = host.isEmpty ? "0.0.0.0" : (host == "localhost" ? "127.0.0.1" : host)
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, name, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = in_port_t(UInt16(port).bigEndian)
            family = AF_INET
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            withUnsafeMutableBytes(of: &storage) { raw in withUnsafeBytes(of: v4) { raw.copyMemory(from: $0) } }
            return
        }
        var v6 = sockaddr_in6()
        let bare = name.hasPrefix("[") && name.hasSuffix("]") ? String(name.dropFirst().dropLast()) : name
        if inet_pton(AF_INET6, bare, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = in_port_t(UInt16(port).bigEndian)
            family = AF_INET6
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            withUnsafeMutableBytes(of: &storage) { raw in withUnsafeBytes(of: v6) { raw.copyMemory(from: $0) } }
            return
        }
        throw NetError.invalidAddress(host)
    }

    mutating func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        let length = self.length
        return withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }

    /// "host:port", with IPv6 hosts in brackets ("[::1]:9092").
    static func text(host: String, port: Int) -> String {
        let shown = host.isEmpty ? "0.0.0.0" : host
        let bracketed = shown.contains(":") && !shown.hasPrefix("[") ? "[\(shown)]" : shown
        return "\(bracketed):\(port)"
    }

    static func describe(_ storage: sockaddr_storage) -> (address: String, port: Int) {
        var storage = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(storage.ss_family) {
        case AF_INET:
            let v4 = withUnsafeBytes(of: &storage) { $0.loadUnaligned(as: sockaddr_in.self) }
            var addr = v4.sin_addr
            inet_ntop(AF_INET, &addr, &text, socklen_t(text.count))
            return (String(cString: text), Int(UInt16(bigEndian: v4.sin_port)))
        case AF_INET6:
            let v6 = withUnsafeBytes(of: &storage) { $0.loadUnaligned(as: sockaddr_in6.self) }
            var addr = v6.sin6_addr
            inet_ntop(AF_INET6, &addr, &text, socklen_t(text.count))
            return (String(cString: text), Int(UInt16(bigEndian: v6.sin6_port)))
        default:
            return ("?", 0)
        }
    }
}
