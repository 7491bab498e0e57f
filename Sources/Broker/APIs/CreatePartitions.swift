import Storage
import Wire

/// CreatePartitions (key 37), v0–3: grows a topic to a larger partition count. Manual assignments
/// must name this node only; `validate_only` checks without creating.
enum CreatePartitionsAPI {
    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        let broker = request.broker
        let req = try CreatePartitionsRequest(from: &body, version: request.version)
        var seen = Set<String>()
        let results = req.topics.map { topic -> CreatePartitionsResponse.TopicResult in
            var result = CreatePartitionsResponse.TopicResult(name: topic.name, errorCode: 0, errorMessage: nil)
            func fail(_ code: ErrorCode, _ message: String) {
                result.errorCode = code.rawValue
                result.errorMessage = message
            }
            guard seen.insert(topic.name).inserted else {
                fail(.invalidRequest, "topic '\(topic.name)' appears more than once")
                return result
            }
            guard topic.name != OffsetsTopic.name else {
                // A group's offsets partition is hash(group) % count: more partitions would move groups
                // away from the offsets they committed.
                fail(.invalidRequest, "the internal topic \(topic.name) cannot get more partitions")
                return result
            }
            guard let current = broker.store.topic(named: topic.name) else {
                fail(.unknownTopicOrPartition, "topic '\(topic.name)' does not exist")
                return result
            }
            let wanted = Int(topic.count)
            if wanted <= current.partitionCount {
                fail(.invalidPartitions, "topic '\(topic.name)' has \(current.partitionCount) partition(s); the new count must be larger, got \(wanted)")
            } else if wanted > LogStore.partitionCountMax {
                fail(.invalidPartitions, "at most \(LogStore.partitionCountMax) partitions per topic")
            } else if let assignments = topic.assignments, assignments.count != wanted - current.partitionCount
                        || assignments.contains(where: { $0.brokerIds != [broker.config.nodeId] }) {
                fail(.invalidReplicaAssignment, "each new partition must be assigned to this node (\(broker.config.nodeId)) only")
            } else if !req.validateOnly {
                do {
                    try broker.store.addPartitions(topic: topic.name, totalCount: wanted)
                    broker.logger.info("topic \(topic.name) now has \(wanted) partition(s)")
                } catch StorageError.unknownTopic {
                    fail(.unknownTopicOrPartition, "topic '\(topic.name)' does not exist")
                } catch StorageError.invalidPartitionCount {
                    fail(.invalidPartitions, "the new count must be larger than the current one")
                } catch {
                    fail(.kafkaStorageError, "\(error)")
                }
            }
            return result
        }
        let response = CreatePartitionsResponse(throttleTimeMs: 0, results: results)
        request.respond { response.encode(into: &$0, version: request.version) }
    }
}
