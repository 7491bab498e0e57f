import CSystem
import Glibc

/// Chunks waiting to be written to one socket, with how far into the first one we got. Consecutive
/// `.bytes` chunks leave in one `sendmsg` (gather write, MSG_NOSIGNAL); `.file` chunks leave with
/// `sendfile`. Owned by the reactor thread.
struct OutputQueue {
    enum WriteResult {
        case allWritten
        /// The socket buffer is full; EPOLLOUT (edge-triggered) will tell us when to resume.
        case wouldBlock
        case failed(String)
    }

    /// Chunks gathered into one sendmsg; also the size of the reactor's iovec scratch.
    static let gatherChunksMax = 64
    /// One sendfile call's size cap (the kernel caps at about 2 GiB anyway).
    static let sendfileBytesMax = 1 << 30

    private var chunks: [OutChunk] = []
    private var head = 0
    private var headOffset = 0

    var isEmpty: Bool { head == chunks.count }

    mutating func append(_ more: [OutChunk]) {
        chunks.append(contentsOf: more)
    }

    /// Releases every chunk (and with it any file owner).
    mutating func removeAll() {
        chunks = []
        head = 0
        headOffset = 0
    }

    mutating func write(to socket: Int32, iovecs: UnsafeMutablePointer<iovec>) -> WriteResult {
        while head < chunks.count {
            let result: WriteResult?
            switch chunks[head] {
            case .file(let fileFd, let offset, let count, _):
                result = sendFile(to: socket, from: fileFd, offset: offset, count: count)
            case .bytes(let bytes):
                if bytes.count == headOffset {
                    releaseHead()
                    result = nil
                } else {
                    result = sendGathered(to: socket, iovecs: iovecs)
                }
            }
            if let result { return result }
        }
        chunks.removeAll(keepingCapacity: true)
        head = 0
        return .allWritten
    }

    private mutating func sendFile(to socket: Int32, from fileFd: Int32, offset: Int64, count: Int) -> WriteResult? {
        let remaining = count - headOffset
        if remaining <= 0 {
            releaseHead()
            return nil
        }
        var position = off_t(offset) + off_t(headOffset)
        let wanted = min(remaining, Self.sendfileBytesMax)
        let sent = sendfile(socket, fileFd, &position, wanted)
        if sent > 0 {
            headOffset += sent
            if headOffset == count { releaseHead() }
            // A short send means the socket buffer filled up.
            return sent < wanted ? .wouldBlock : nil
        }
        if sent == 0 { return .failed("sendfile: file ends before the chunk does") }
        return errnoResult("sendfile")
    }

    private mutating func sendGathered(to socket: Int32, iovecs: UnsafeMutablePointer<iovec>) -> WriteResult? {
        // Consecutive non-empty byte chunks from the head.
        var batchCount = 0
        while batchCount < Self.gatherChunksMax, head + batchCount < chunks.count,
              case .bytes(let bytes) = chunks[head + batchCount], !bytes.isEmpty {
            batchCount += 1
        }
        var wanted = 0
        let sent = withPinnedChunks(depth: 0, count: batchCount, iovecs: iovecs, wanted: &wanted) {
            var message = msghdr()
            message.msg_iov = iovecs
            message.msg_iovlen = $0
            return sendmsg(socket, &message, Int32(MSG_NOSIGNAL))
        }
        if sent < 0 { return errnoResult("sendmsg") }
        advance(by: sent)
        return sent < wanted ? .wouldBlock : nil
    }

    /// Fills `iovecs` with the chunks' storage while it is pinned (nested `withUnsafeBytes`, at most
    /// `gatherChunksMax` deep), then calls `send`.
    private func withPinnedChunks(
        depth: Int, count: Int, iovecs: UnsafeMutablePointer<iovec>, wanted: inout Int, send: (Int) -> Int
    ) -> Int {
        if depth == count { return send(count) }
        guard case .bytes(let bytes) = chunks[head + depth] else { preconditionFailure("batch holds bytes only") }
        return bytes.withUnsafeBytes { raw in
            let skip = depth == 0 ? headOffset : 0
            iovecs[depth] = iovec(iov_base: UnsafeMutableRawPointer(mutating: raw.baseAddress! + skip), iov_len: raw.count - skip)
            wanted += raw.count - skip
            return withPinnedChunks(depth: depth + 1, count: count, iovecs: iovecs, wanted: &wanted, send: send)
        }
    }

    private mutating func advance(by sentBytes: Int) {
        var left = sentBytes
        while left > 0 {
            let remaining = chunks[head].byteCount - headOffset
            if left >= remaining {
                left -= remaining
                releaseHead()
            } else {
                headOffset += left
                left = 0
            }
        }
    }

    private mutating func releaseHead() {
        chunks[head] = .bytes([])
        head += 1
        headOffset = 0
    }

    private func errnoResult(_ call: String) -> WriteResult? {
        let code = errno
        if code == EAGAIN || code == EWOULDBLOCK { return .wouldBlock }
        if code == EINTR { return nil }
        return .failed("\(call): errno \(code)")
    }
}
