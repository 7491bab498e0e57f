import Storage
import Wire

/// ListOffsets (key 2): earliest (-2) is the log start, latest (-1) the high watermark, a timestamp ≥ 0 the
/// first offset whose batch carries a timestamp at or after it, max timestamp (-3, v7+) the record with the
/// largest timestamp.
enum ListOffsetsAPI {
    static let latest: Int64 = -1
    static let earliest: Int64 = -2
    static let maxTimestamp: Int64 = -3

    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        let req = try ListOffsetsRequest(from: &body, version: request.version)
        let store = request.broker.store
        let topics = req.topics.map { topic in
            ListOffsetsResponse.Topic(name: topic.name, partitions: topic.partitions.map { wanted in
                var answer = ListOffsetsResponse.Partition(partitionIndex: wanted.partitionIndex)
                guard let log = store.partition(topic: topic.name, index: Int(wanted.partitionIndex)) else {
                    answer.errorCode = ErrorCode.unknownTopicOrPartition.rawValue
                    return answer
                }
                answer.leaderEpoch = 0
                switch wanted.timestamp {
                case latest:
                    answer.offset = log.logEndOffset
                case earliest:
                    answer.offset = log.logStartOffset
                case maxTimestamp:
                    do {
                        if let found = try log.offsetOfMaxTimestamp() {
                            (answer.offset, answer.timestamp) = (found.offset, found.timestamp)
                        }
                    } catch {
                        answer.errorCode = ErrorCode.kafkaStorageError.rawValue
                    }
                case let ts where ts >= 0:
                    do {
                        if let found = try log.offset(atOrAfterTimestamp: ts) {
                            (answer.offset, answer.timestamp) = (found.offset, found.timestamp)
                        }
                    } catch {
                        answer.errorCode = ErrorCode.kafkaStorageError.rawValue
                    }
                default:
                    answer.errorCode = ErrorCode.invalidRequest.rawValue
                }
                return answer
            })
        }
        let response = ListOffsetsResponse(throttleTimeMs: 0, topics: topics)
        request.respond { response.encode(into: &$0, version: request.version) }
    }
}
