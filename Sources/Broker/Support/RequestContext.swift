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
        responder.send(chunks.flatMap(OutChunk.chunks(for:)))
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
    static func chunks(for chunk: EncodedChunk) -> [OutChunk] {
        switch chunk {
        case .bytes(let bytes):
            return [.bytes(bytes)]
        case .external(let token, _):
            // Only FileRanges are ever written as external chunks (see FetchAPI).
            let ranges = token as! FileRanges
            return ranges.slices.map { .file(fd: $0.file.fd, offset: $0.position, count: $0.byteCount, owner: $0.file) }
        }
    }
}
