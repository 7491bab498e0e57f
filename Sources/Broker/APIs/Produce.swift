import Records
import Storage
import Synchronization
import Wire

/// Produce (key 0): each partition's record batch is validated, given its offsets, and appended as it came.
/// Batches of idempotent producers are checked against the partition's producer state in the same locked
/// step as the append: a retried batch is answered with its original offset and not written again.
/// acks=0 gets no answer, acks=1 an answer after the write, acks=-1 after the group-commit fdatasync.
enum ProduceAPI {
    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        let broker = request.broker
        let version = request.version
        guard version >= 3 else {
            // v0–2 carry the old message-set format; advertised only for librdkafka's feature check.
            request.closeConnection(because: "Produce v\(version) (message format < 2) is not supported")
            return
        }
        let req = try ProduceRequest(from: &body, version: version)
        let acks = req.acks
        var results: [(name: String, partitions: [ProduceResponse.Partition])] = []
        var durabilityWaits: [(topic: Int, partition: Int, log: PartitionLog, offset: Int64)] = []

        for topicData in req.topicData {
            let lookup = broker.lookupTopic(topicData.name, autoCreate: broker.config.autoCreateTopics)
            var partitions: [ProduceResponse.Partition] = []
            for partitionData in topicData.partitionData {
                var outcome = PartitionOutcome(index: partitionData.index)
                if ![0, 1, -1].contains(acks) {
                    outcome.error = .invalidRequiredAcks
                } else if topicData.name == OffsetsTopic.name {
                    // Only the group coordinator writes the internal topic (Kafka: "cannot append to internal topic").
                    outcome.error = .invalidTopicException
                } else if case .found = lookup, let log = broker.store.partition(topic: topicData.name, index: Int(partitionData.index)) {
                    outcome = append(partitionData.records, to: log, version: version, index: partitionData.index)
                    if outcome.error == .none {
                        broker.metrics.producedBytes.mark(UInt64(partitionData.records?.count ?? 0))
                        broker.fetchWaiters.notify(topic: topicData.name, partition: partitionData.index)
                        if acks == -1 {
                            durabilityWaits.append((results.count, partitions.count, log, outcome.lastOffset))
                        }
                    }
                } else if case .invalidName = lookup {
                    outcome.error = .invalidTopicException
                } else {
                    outcome.error = .unknownTopicOrPartition
                }
                partitions.append(outcome.response)
            }
            results.append((topicData.name, partitions))
        }

        if acks == 0 {
            // No answer is sent; Kafka closes the connection instead when a partition failed.
            let failed = results.contains { $0.partitions.contains { $0.errorCode != ErrorCode.none.rawValue } }
            if failed { request.closeConnection(because: "acks=0 produce failed") } else { request.responder.sendNothing() }
            return
        }
        if durabilityWaits.isEmpty {
            respond(request, results)
            return
        }
        // acks=-1: answer once every appended batch is on disk. The group-commit thread calls back.
        let pending = PendingProduce(request: request, results: results, waits: durabilityWaits.count)
        for wait in durabilityWaits {
            broker.groupCommit.syncWhenDurable(wait.log, offset: wait.offset) { error in
                pending.completed(topic: wait.topic, partition: wait.partition, error: error)
            }
        }
    }

    struct PartitionOutcome {
        var index: Int32
        var error = ErrorCode.none
        var baseOffset: Int64 = -1
        var lastOffset: Int64 = -1
        var logAppendTimeMs: Int64 = -1
        var logStartOffset: Int64 = -1
        var message: String?

        var response: ProduceResponse.Partition {
            ProduceResponse.Partition(
                index: index, errorCode: error.rawValue, baseOffset: baseOffset,
                logAppendTimeMs: logAppendTimeMs, logStartOffset: logStartOffset,
                recordErrors: [], errorMessage: message)
        }
    }

    /// Validates and appends one partition's batch. The batch bytes are copied once into a buffer the log may
    /// patch (base offset, leader epoch) before writing; the request frame itself stays immutable.
    static func append(_ records: ArraySlice<UInt8>?, to log: PartitionLog, version: Int16, index: Int32) -> PartitionOutcome {
        var outcome = PartitionOutcome(index: index)
        guard let records, records.count >= RecordBatchHeader.byteCount else {
            outcome.error = .invalidRecord
            outcome.message = "a produce request must carry exactly one record batch (magic 2)"
            return outcome
        }
        if let refusal = checkClientBatch(records, version: version) {
            (outcome.error, outcome.message) = refusal
            return outcome
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: records.count, alignment: 8)
        defer { buffer.deallocate() }
        records.withUnsafeBytes { buffer.copyMemory(from: $0) }
        do {
            let result = try log.append(buffer)
            outcome.baseOffset = result.baseOffset
            outcome.lastOffset = result.lastOffset
            outcome.logAppendTimeMs = result.logAppendTimeMs
            outcome.logStartOffset = log.logStartOffset
        } catch let error as StorageError {
            (outcome.error, outcome.message) = errorCode(for: error)
        } catch let error as SequenceError {
            (outcome.error, outcome.message) = errorCode(for: error)
        } catch {
            (outcome.error, outcome.message) = (.unknownServerError, "\(error)")
        }
        return outcome
    }

    /// What Kafka refuses in a batch from a client before it reaches the log: zstd before Produce v7,
    /// empty batches, transactional batches (no transactions here), and compressed payloads that do not
    /// decompress to the records the header promises. (CRC, length and size are checked by the log.)
    static func checkClientBatch(_ records: ArraySlice<UInt8>, version: Int16) -> (ErrorCode, String)? {
        records.withUnsafeBytes { bytes -> (ErrorCode, String)? in
            // Only the header is parsed here; the log checks length, magic and CRC once, under its lock.
            guard let header = try? RecordBatchHeader(parsing: bytes), header.magic == 2 else { return nil }
            if header.compression == .zstd && version < 7 {
                return (.unsupportedCompressionType, "zstd needs Produce v7 or later")
            }
            if header.recordCount == 0 { return (.invalidRecord, "a record batch must hold at least one record") }
            if header.isTransactional { return (.invalidRecord, "transactions are not supported by this broker") }
            if header.compression != CompressionCodec.none {
                do { try RecordBatchReader.checkRecordFraming(in: bytes, header: header) } catch {
                    return (.corruptMessage, "compressed records do not decode: \(error)")
                }
            }
            return nil
        }
    }

    static func errorCode(for error: StorageError) -> (ErrorCode, String) {
        switch error {
        case .batch(let batchError):
            switch batchError {
            case .crcMismatch, .truncated, .invalidLength: return (.corruptMessage, "\(batchError)")
            default: return (.invalidRecord, "\(batchError)")
            }
        case .messageTooLarge(let size): return (.messageTooLarge, "batch of \(size) bytes exceeds max.message.bytes")
        case .io: return (.kafkaStorageError, "\(error)")
        default: return (.unknownServerError, "\(error)")
        }
    }

    /// Idempotence checks (kafka-protocol-map §2.10): the client resends from the expected sequence or
    /// bumps its epoch.
    static func errorCode(for error: SequenceError) -> (ErrorCode, String) {
        switch error {
        case .outOfOrder(let expected, let received):
            return (.outOfOrderSequenceNumber, "expected sequence \(expected), received \(received)")
        case .staleEpoch(let current, let received):
            return (.invalidProducerEpoch, "producer epoch \(received) is older than the current epoch \(current)")
        }
    }

    static func respond(_ request: RequestContext, _ results: [(name: String, partitions: [ProduceResponse.Partition])]) {
        let response = ProduceResponse(
            responses: results.map { ProduceResponse.Topic(name: $0.name, partitionResponses: $0.partitions) },
            throttleTimeMs: 0)
        request.respond { response.encode(into: &$0, version: request.version) }
    }

    /// Collects the fdatasync outcomes of one acks=-1 request; the last one sends the answer.
    final class PendingProduce: @unchecked Sendable {
        private let request: RequestContext
        private let state: Mutex<(results: [(name: String, partitions: [ProduceResponse.Partition])], remaining: Int)>

        init(request: RequestContext, results: [(name: String, partitions: [ProduceResponse.Partition])], waits: Int) {
            self.request = request
            state = Mutex((results, waits))
        }

        func completed(topic: Int, partition: Int, error: Error?) {
            let finished: [(name: String, partitions: [ProduceResponse.Partition])]? = state.withLock { state in
                if let error {
                    state.results[topic].partitions[partition].errorCode = ErrorCode.kafkaStorageError.rawValue
                    state.results[topic].partitions[partition].errorMessage = "fdatasync failed: \(error)"
                }
                state.remaining -= 1
                return state.remaining == 0 ? state.results : nil
            }
            if let finished { ProduceAPI.respond(request, finished) }
        }
    }
}
