import Storage
import Wire

/// DeleteRecords (key 21), v0–2: moves each partition's log start offset (offset -1 = the high
/// watermark) and answers the new low watermark. The new start is on disk before the answer.
enum DeleteRecordsAPI {
    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        let broker = request.broker
        let req = try DeleteRecordsRequest(from: &body, version: request.version)
        let topics = req.topics.map { topic in
            DeleteRecordsResponse.Topic(name: topic.name, partitions: topic.partitions.map { wanted in
                var answer = DeleteRecordsResponse.Partition(partitionIndex: wanted.partitionIndex, lowWatermark: -1, errorCode: 0)
                guard let log = broker.store.partition(topic: topic.name, index: Int(wanted.partitionIndex)) else {
                    answer.errorCode = ErrorCode.unknownTopicOrPartition.rawValue
                    return answer
                }
                do {
                    answer.lowWatermark = try log.deleteRecords(before: wanted.offset)
                    broker.logger.info("log start of \(topic.name)-\(wanted.partitionIndex) is now \(answer.lowWatermark)")
                } catch StorageError.offsetOutOfRange {
                    answer.errorCode = ErrorCode.offsetOutOfRange.rawValue
                } catch {
                    broker.logger.error("DeleteRecords on \(topic.name)-\(wanted.partitionIndex) failed: \(error)")
                    answer.errorCode = ErrorCode.kafkaStorageError.rawValue
                }
                return answer
            })
        }
        let response = DeleteRecordsResponse(throttleTimeMs: 0, topics: topics)
        request.respond { response.encode(into: &$0, version: request.version) }
    }
}
