import Net
import Storage
import Wire

/// Fetch (key 1): whole stored batches from each requested offset, sent from the segment files with
/// sendfile. Sessionless: we always answer session id 0, which tells clients to keep sending full fetches.
/// A fetch with less than `minBytes` available parks until an append wakes it or `maxWaitMs` passes.
enum FetchAPI {
    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        let req = try FetchRequest(from: &body, version: request.version)
        if request.version >= 7 && req.sessionId != 0 {
            // We never create sessions, so an incremental fetch names one we do not know.
            let response = FetchResponse(throttleTimeMs: 0, errorCode: ErrorCode.fetchSessionIdNotFound.rawValue,
                                         sessionId: 0, responses: [])
            request.respond { response.encode(into: &$0, version: request.version) }
            return
        }
        let fetch = ParkedFetch(request: request, fetch: req)
        fetch.start()
    }
}

/// One Fetch from arrival to answer. Lives on its connection's reactor thread: `wake()` hops there.
final class ParkedFetch: @unchecked Sendable {
    private let request: RequestContext
    private let fetch: FetchRequest
    private let keys: [FetchWaiters.Key]
    private var timer: TimerID?
    private var answered = false

    /// Bounds a client cannot raise: a parked fetch never outlives this, whatever max_wait_ms says.
    static let waitMsMax: Int32 = 30_000

    init(request: RequestContext, fetch: FetchRequest) {
        self.request = request
        self.fetch = fetch
        keys = fetch.topics.flatMap { topic in
            topic.partitions.map { FetchWaiters.Key(topic: topic.topic, partition: $0.partition) }
        }
    }

    func start() {
        if answerIfReady(force: fetch.maxWaitMs <= 0) { return }
        let broker = request.broker
        broker.fetchWaiters.park(self, on: keys)
        let waitMs = Int(min(fetch.maxWaitMs, ParkedFetch.waitMsMax))
        timer = request.responder.reactor.schedule(afterMilliseconds: waitMs) { [self] in
            timer = nil
            finish(force: true)
        }
        // An append may have landed between the first read and parking: look once more.
        if answerIfReady(force: false) { cleanUp() }
    }

    /// From an appending thread: re-check on our own reactor.
    func wake() {
        request.responder.reactor.execute { [self] in finish(force: false) }
    }

    private func finish(force: Bool) {
        guard !answered else { return }
        if answerIfReady(force: force) { cleanUp() }
    }

    private func cleanUp() {
        request.broker.fetchWaiters.unpark(self, from: keys)
        if let timer { request.responder.reactor.cancel(timer) }
        timer = nil
    }

    /// Reads every partition; answers when enough bytes (or an error) are there, or when forced.
    private func answerIfReady(force: Bool) -> Bool {
        guard !answered else { return true }
        let (response, bytes, hasError) = read()
        guard force || hasError || bytes >= Int(max(fetch.minBytes, 1)) else { return false }
        answered = true
        request.broker.metrics.fetchedBytes.mark(UInt64(bytes))
        request.respond { response.encode(into: &$0, version: request.version) }
        return true
    }

    private func read() -> (FetchResponse, Int, Bool) {
        let store = request.broker.store
        var total = 0
        var hasError = false
        var budget = request.version >= 3 ? Int(fetch.maxBytes) : Int.max
        var topics: [FetchResponse.Topic] = []
        for topic in fetch.topics {
            var partitions: [FetchResponse.Partition] = []
            for wanted in topic.partitions {
                var data = FetchResponse.Partition(partitionIndex: wanted.partition, records: .bytes([]))
                if let log = store.partition(topic: topic.topic, index: Int(wanted.partition)) {
                    data.highWatermark = log.logEndOffset
                    data.lastStableOffset = log.logEndOffset
                    data.logStartOffset = log.logStartOffset
                    do {
                        // KIP-74: the first batch with data is sent whole even if it exceeds the limits.
                        let limit = max(0, min(Int(wanted.partitionMaxBytes), budget))
                        let result = try log.read(from: wanted.fetchOffset, maxBytes: limit, minOneBatch: total == 0)
                        if result.byteCount > 0 {
                            data.records = RecordsPayload.external(token: FileRanges(result.slices, byteCount: result.byteCount),
                                                     count: result.byteCount)
                            total += result.byteCount
                            budget -= result.byteCount
                        }
                        data.highWatermark = result.highWatermark
                        data.lastStableOffset = result.highWatermark
                        data.logStartOffset = result.logStartOffset
                    } catch StorageError.offsetOutOfRange {
                        data.errorCode = ErrorCode.offsetOutOfRange.rawValue
                        hasError = true
                    } catch {
                        data.errorCode = ErrorCode.kafkaStorageError.rawValue
                        hasError = true
                    }
                } else {
                    data.errorCode = ErrorCode.unknownTopicOrPartition.rawValue
                    hasError = true
                }
                partitions.append(data)
            }
            topics.append(FetchResponse.Topic(topic: topic.topic, partitions: partitions))
        }
        return (FetchResponse(throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses: topics), total, hasError)
    }
}
