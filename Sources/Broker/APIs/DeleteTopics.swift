import Storage
import Wire

/// DeleteTopics (key 20), by name (v1–5). Parked fetches on a deleted topic see it missing on their next read;
/// groups' committed offsets for it are deleted too.
enum DeleteTopicsAPI {
    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        let broker = request.broker
        let req = try DeleteTopicsRequest(from: &body, version: request.version)
        let results = req.topicNames.map { name -> DeleteTopicsResponse.Topic in
            var result = DeleteTopicsResponse.Topic(name: name, errorCode: ErrorCode.none.rawValue)
            if name == OffsetsTopic.name {
                // The group coordinator holds its partitions open; committed offsets must not vanish.
                result.errorCode = ErrorCode.invalidTopicException.rawValue
                result.errorMessage = "the internal topic \(name) cannot be deleted"
                return result
            }
            do {
                try broker.store.deleteTopic(named: name)
                broker.groups.removeOffsets(ofTopic: name)
                broker.logger.info("deleted topic \(name)")
            } catch StorageError.unknownTopic {
                result.errorCode = ErrorCode.unknownTopicOrPartition.rawValue
            } catch {
                result.errorCode = ErrorCode.unknownServerError.rawValue
                result.errorMessage = "\(error)"
            }
            return result
        }
        let response = DeleteTopicsResponse(throttleTimeMs: 0, responses: results)
        request.respond { response.encode(into: &$0, version: request.version) }
    }
}
