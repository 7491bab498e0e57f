import Glibc

/// A blocking TCP socket with per-call deadlines (SO_RCVTIMEO/SO_SNDTIMEO). Closed on deinit.
final class TCPSocket {
    private var fd: Int32
    let address: BrokerAddress

    /// Resolves and connects, trying each address the resolver returns.
    init(connectingTo address: BrokerAddress, timeoutMs: Int) throws {
        self.address = address
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(address.host, String(address.port), &hints, &list)
        guard rc == 0, let first = list else {
            throw ClientError.cannotConnect(address: address.description, reason: "cannot resolve host: \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(list) }
        var lastErrno: Int32 = ECONNREFUSED
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            candidate = info.pointee.ai_next
            let s = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), info.pointee.ai_protocol)
            guard s >= 0 else { lastErrno = errno; continue }
            Self.setTimeout(s, SO_SNDTIMEO, ms: timeoutMs)   // bounds connect() too
            if connect(s, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
                var one: Int32 = 1
                setsockopt(s, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                fd = s
                return
            }
            lastErrno = errno
            close(s)
        }
        throw ClientError.cannotConnect(address: address.description, reason: Self.describe(lastErrno))
    }

    deinit { if fd >= 0 { close(fd) } }

    func shutdown() {
        if fd >= 0 { Glibc.shutdown(fd, Int32(SHUT_RDWR)) }
    }

    /// Writes every byte or throws.
    func write(_ chunks: [[UInt8]], timeoutMs: Int) throws {
        Self.setTimeout(fd, SO_SNDTIMEO, ms: timeoutMs)
        for chunk in chunks {
            var sent = 0
            while sent < chunk.count {
                let n = chunk.withUnsafeBytes { send(fd, $0.baseAddress! + sent, chunk.count - sent, Int32(MSG_NOSIGNAL)) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ClientError.connectionLost(address: address.description, reason: Self.describe(errno))
                }
                sent += n
            }
        }
    }

    /// Reads exactly `count` bytes before `deadlineMs` (monotonic) or throws.
    func read(exactly count: Int, deadlineMs: Int64) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let left = deadlineMs - monotonicMs()
            guard left > 0 else { throw ClientError.timedOut("waiting for \(address)") }
            Self.setTimeout(fd, SO_RCVTIMEO, ms: Int(left))
            let n = out.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + got, count - got, 0) }
            if n == 0 { throw ClientError.connectionLost(address: address.description, reason: "the broker closed the connection") }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { throw ClientError.timedOut("waiting for \(address)") }
                throw ClientError.connectionLost(address: address.description, reason: Self.describe(errno))
            }
            got += n
        }
        return out
    }

    private static func setTimeout(_ fd: Int32, _ option: Int32, ms: Int) {
        let bounded = max(ms, 1)
        var tv = timeval(tv_sec: bounded / 1000, tv_usec: suseconds_t((bounded % 1000) * 1000))
        setsockopt(fd, SOL_SOCKET, option, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    /// The system's words for an errno, lower-cased the way the CLI prints them ("connection refused").
    static func describe(_ code: Int32) -> String {
        if code == EINPROGRESS || code == EAGAIN { return "timed out" }
        var text = String(cString: strerror(code))
        if let first = text.first { text = first.lowercased() + text.dropFirst() }
        return text
    }
}
