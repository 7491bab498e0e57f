import Storage

/// Finding a topic by name, creating it on first use when the broker and the request allow it
/// (`auto.create.topics.enable`, as dev brokers do).
enum TopicLookup {
    case found(TopicMetadata)
    case missing
    case invalidName(String)
    case failed(String)
}

extension Broker {
    func lookupTopic(_ name: String, autoCreate: Bool) -> TopicLookup {
        if let topic = store.topic(named: name) { return .found(topic) }
        guard autoCreate else { return .missing }
        do {
            let topic = try store.createTopic(name: name, partitionCount: config.defaultPartitionCount, configs: [:])
            logger.info("auto-created topic \(name) with \(topic.partitionCount) partition(s)")
            return .found(topic)
        } catch StorageError.topicExists {
            // Another connection created it first.
            return store.topic(named: name).map(TopicLookup.found) ?? .missing
        } catch StorageError.invalidTopic(let reason) {
            return .invalidName(reason)
        } catch {
            logger.error("auto-creating topic \(name) failed: \(error)")
            return .failed("\(error)")
        }
    }
}
