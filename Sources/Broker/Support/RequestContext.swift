import Glibc
import Net
import Storage
import Wire

/// One request being answered: its header, where it came from, and how to reply.
struct RequestContext {
    let api: ApiKey
    let header: RequestHeader
    let connection: ConnectionInfo
    let responder: Responder
    unowned let broker: Broker
    /// When the frame reached the broker (monotonic ns), for the latency histograms.
    let startedNanos: UInt64

    var version: Int16 { header.apiVersion }

    /// Encodes a response frame with the header version the API and version call for, and sends it.
    func respond(_ body: (inout ByteWriter) -> Void) {
        let chunks = ResponseFrame.encode(
            correlationId: header.correlationId,
            flexibleHeader: api.responseHeaderIsFlexible(version: version),
            body: body)
        let copy = !broker.config.fetchUsesSendfile
        responder.send(chunks.flatMap { OutChunk.chunks(for: $0, copyingFiles: copy) })
        broker.metrics.recordRequest(api, startedNanos: startedNanos)
    }

    func closeConnection(because reason: String) {
        broker.logger.warn("closing connection \(connection.peerAddress):\(connection.peerPort): \(reason)")
        responder.closeConnection()
    }
}

/// Record data read from a partition log: byte ranges of segment files, sent with sendfile(2).
/// The codec carries it as an opaque placeholder of `byteCount` bytes.
final class FileRanges {
    let slices: [LogSlice]
    let byteCount: Int
    init(_ slices: [LogSlice], byteCount: Int) { (self.slices, self.byteCount) = (slices, byteCount) }
}

extension OutChunk {
    /// `copyingFiles` reads file ranges into memory instead of leaving them to sendfile: the measured
    /// alternative to zero-copy (`ringlog.fetch.sendfile=false`), never the default.
    static func chunks(for chunk: EncodedChunk, copyingFiles: Bool = false) -> [OutChunk] {
        switch chunk {
        case .bytes(let bytes):
            return [.bytes(bytes)]
        case .external(let token, _):
            // Only FileRanges are ever written as external chunks (see FetchAPI).
            let ranges = token as! FileRanges
            return ranges.slices.map { slice in
                if copyingFiles, let bytes = read(slice) { return .bytes(bytes) }
                return .file(fd: slice.file.fd, offset: slice.position, count: slice.byteCount, owner: slice.file)
            }
        }
    }

    /// The slice's bytes, or nil (then sendfile serves it) if the file cannot be read whole.
    private static func read(_ slice: LogSlice) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: slice.byteCount)
        var done = 0
        while done < slice.byteCount {
            let n = bytes.withUnsafeMutableBytes {
                pread(slice.file.fd, $0.baseAddress! + done, slice.byteCount - done, off_t(slice.position) + off_t(done))
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            done += n
        }
        return bytes
    }
}
