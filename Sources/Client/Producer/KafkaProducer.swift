import Dispatch
import Flow
import Records
import Wire

/// Sends records in batches. Keyed records go where Java's producer would put them
/// (`murmur2(key) & 0x7fffffff % partitions`); keyless ones stick to one partition per batch.
///
///     let producer = try await KafkaProducer(bootstrap: "127.0.0.1:9092", acks: .all)
///     let where = try await producer.send(topic: "orders", key: Array("k".utf8), value: Array("v".utf8))
public final class KafkaProducer: @unchecked Sendable {
    public enum Defaults {
        public static let lingerMs = 5
        public static let batchBytesMax = 16 * 1024
        /// Above this many buffered bytes, `submit` waits for a send before queuing more.
        public static let bufferBytesMax = 32 * 1024 * 1024
        public static let retriesMax = 5
        public static let requestTimeoutMs: Int32 = 30_000
    }

    public let acks: Acks
    let cluster: Cluster
    let accumulator: RecordAccumulator
    /// Batches are sent from one serial queue, in the order they left the accumulator.
    private let senderQueue = DispatchQueue(label: "ringlog.producer.sender")
    private struct State {
        var partitionCounts: [String: Int] = [:]
        var firstUnreportedError: Error?
        var closed = false
    }
    private let state = Locked(State())

    public init(bootstrap: String = "127.0.0.1:9092", acks: Acks = .all, lingerMs: Int = Defaults.lingerMs,
                batchBytesMax: Int = Defaults.batchBytesMax, clientId: String = "ringlog-producer") async throws {
        self.acks = acks
        cluster = try await offload { try Cluster(bootstrap: bootstrap, clientId: clientId) }
        accumulator = RecordAccumulator(batchBytesMax: batchBytesMax, lingerMs: lingerMs)
    }

    // MARK: Sending

    /// Sends one record and waits for the broker's answer.
    @discardableResult
    public func send(topic: String, key: [UInt8]? = nil, value: [UInt8]?, headers: [RecordHeader] = []) async throws -> RecordMetadata {
        try await submit(topic: topic, key: key, value: value, headers: headers).result()
    }

    @discardableResult
    public func send(topic: String, key: String? = nil, value: String, headers: [RecordHeader] = []) async throws -> RecordMetadata {
        try await send(topic: topic, key: key.map { Array($0.utf8) }, value: Array(value.utf8), headers: headers)
    }

    /// Queues one record and returns at once; many submits share a batch. Await `result()` or `flush()`.
    public func submit(topic: String, key: [UInt8]? = nil, value: [UInt8]?, headers: [RecordHeader] = []) async throws -> PendingDelivery {
        if state.withLock({ $0.closed }) { throw ClientError.closed }
        if accumulator.bufferedBytes > Defaults.bufferBytesMax { try await flush() }
        let count = try await partitionCount(of: topic)
        let partition = key.map { Int32(ModuloPartitioner(partitionCount: count).partition(forKey: $0)) }
            ?? accumulator.stickyPartition(of: topic, partitionCount: count)
        let delivery = PendingDelivery()
        switch accumulator.append(to: TopicPartition(topic, partition), key: key, value: value, headers: headers, delivery: delivery) {
        case .joinedBatch: break
        case .openedBatch:
            senderQueue.asyncAfter(deadline: .now() + .milliseconds(accumulator.lingerMs)) { [self] in sendReady(all: false) }
        case .filledBatch:
            senderQueue.async { [self] in sendReady(all: false) }
        }
        return delivery
    }

    /// Sends everything queued and waits for the answers; throws the first failure since the last flush.
    public func flush() async throws {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            senderQueue.async { [self] in
                sendReady(all: true)
                done.resume()
            }
        }
        if let error = state.withLock({ s -> Error? in defer { s.firstUnreportedError = nil }; return s.firstUnreportedError }) {
            throw error
        }
    }

    /// Flushes, then closes the connections.
    public func close() async throws {
        defer { cluster.close() }
        try await flush()
        state.withLock { $0.closed = true }
    }

    private func partitionCount(of topic: String) async throws -> Int {
        if let n = state.withLock({ $0.partitionCounts[topic] }) { return n }
        let n = try await offload { [cluster] in try cluster.layout(of: topic, allowAutoCreate: true).partitions.count }
        state.withLock { $0.partitionCounts[topic] = n }
        return n
    }

    // MARK: The sender (runs on senderQueue)

    private func sendReady(all: Bool) {
        let batches = accumulator.drain(all: all)
        guard !batches.isEmpty else { return }
        var pending = batches
        var attempt = 0
        while !pending.isEmpty {
            attempt += 1
            var retry: [RecordAccumulator.Batch] = []
            var byLeader: [Int32: [RecordAccumulator.Batch]] = [:]
            for b in pending {
                do {
                    guard let leader = try cluster.layout(of: b.partition.topic, refresh: attempt > 1).leader(of: b.partition.partition) else {
                        throw ClientError.broker(.leaderNotAvailable, code: 5, context: "producing to \(b.partition)", message: nil)
                    }
                    byLeader[leader, default: []].append(b)
                } catch { fail(b, error) }
            }
            for (leader, group) in byLeader {
                retry += send(group, to: leader, mayRetry: attempt < Defaults.retriesMax)
            }
            pending = retry
            if !pending.isEmpty { sleepMs(Cluster.Limits.retryBackoffMs * attempt) }
        }
    }

    /// One Produce request for `batches`; returns the batches worth another try.
    private func send(_ batches: [RecordAccumulator.Batch], to leader: Int32, mayRetry: Bool) -> [RecordAccumulator.Batch] {
        var built: [TopicPartition: (RecordAccumulator.Batch, [UInt8])] = [:]
        var byTopic: [String: [ProduceRequest.Partition]] = [:]
        for b in batches {
            let bytes = b.builder.build()
            built[b.partition] = (b, bytes)
            byTopic[b.partition.topic, default: []].append(.init(index: b.partition.partition, records: bytes[...]))
        }
        let request = ProduceRequest(acks: acks.rawValue, timeoutMs: Defaults.requestTimeoutMs,
                                     topicData: byTopic.map { .init(name: $0.key, partitionData: $0.value) })
        do {
            let c = try cluster.connection(to: leader)
            let version = try c.version(of: .produce)
            if acks == .none {
                try c.sendOnly(request, version: version)
                for b in batches { succeed(b, baseOffset: -1) }
                return []
            }
            let response = try c.roundTrip(request, expecting: ProduceResponse.self, version: version)
            var retry: [RecordAccumulator.Batch] = []
            var answered = Set<TopicPartition>()
            for t in response.responses {
                for p in t.partitionResponses {
                    let tp = TopicPartition(t.name, p.index)
                    guard let (batch, _) = built[tp] else { continue }
                    answered.insert(tp)
                    if p.errorCode == 0 { succeed(batch, baseOffset: p.baseOffset); continue }
                    let code = ErrorCode(rawValue: p.errorCode)
                    if mayRetry, code?.isRetriable ?? false { retry.append(batch); continue }
                    fail(batch, ClientError.broker(code, code: p.errorCode, context: "producing to \(tp)", message: p.errorMessage))
                }
            }
            for (tp, (batch, _)) in built where !answered.contains(tp) {
                fail(batch, ClientError.protocolViolation("Produce answer lacks \(tp)"))
            }
            return retry
        } catch {
            if mayRetry, case ClientError.connectionLost = error { return batches }
            for b in batches { fail(b, error) }
            return []
        }
    }

    private func succeed(_ batch: RecordAccumulator.Batch, baseOffset: Int64) {
        for (i, d) in batch.deliveries.enumerated() {
            d.complete(.success(RecordMetadata(topic: batch.partition.topic, partition: batch.partition.partition,
                                               offset: baseOffset < 0 ? -1 : baseOffset + Int64(i))))
        }
    }

    private func fail(_ batch: RecordAccumulator.Batch, _ error: Error) {
        state.withLock { if $0.firstUnreportedError == nil { $0.firstUnreportedError = error } }
        for d in batch.deliveries { d.complete(.failure(error)) }
    }
}
