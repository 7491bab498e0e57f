/// Topic changes behind the admin APIs: new partitions, replaced config overrides.
extension LogStore {
    /// Grows a topic to `totalCount` partitions. The new partitions' directories are created first, then
    /// the metadata is replaced atomically: a crash leaves the old count (and unused directories, removed
    /// by the next attempt) or the new one.
    @discardableResult
    public func addPartitions(topic name: String, totalCount: Int) throws -> TopicMetadata {
        try lock.withLock {
            guard !isClosed else { throw StorageError.closed }
            guard var entry = entries[name] else { throw StorageError.unknownTopic(name) }
            let current = entry.metadata.partitionCount
            guard totalCount > current, totalCount <= Self.partitionCountMax else {
                throw StorageError.invalidPartitionCount(totalCount)
            }
            let config = (try? LogConfig(topicConfigs: entry.metadata.configs, defaults: defaults)) ?? defaults
            var added: [PartitionLog] = []
            do {
                for index in current..<totalCount {
                    try FileIO.removeDirectory(partitionDirectory(name, index))
                    added.append(try PartitionLog(directory: partitionDirectory(name, index), config: config, log: log))
                }
                try FileIO.syncDirectory(directory)
                entry.metadata.partitionCount = totalCount
                try writeMetadata(entry.metadata)
            } catch {
                for partition in added { partition.close() }
                for index in current..<totalCount { try? FileIO.removeDirectory(partitionDirectory(name, index)) }
                throw error
            }
            entry.partitions += added
            entries[name] = entry
            return entry.metadata
        }
    }

    /// Replaces a topic's config overrides (Kafka names). Values the log understands are checked
    /// (StorageError.invalidConfig) and take effect on every partition's next append; the metadata file
    /// is replaced atomically first, so the change survives a restart.
    @discardableResult
    public func replaceTopicConfigs(topic name: String, configs: [String: String]) throws -> TopicMetadata {
        let config = try LogConfig(topicConfigs: configs, defaults: defaults)
        return try lock.withLock {
            guard !isClosed else { throw StorageError.closed }
            guard var entry = entries[name] else { throw StorageError.unknownTopic(name) }
            entry.metadata.configs = configs
            try writeMetadata(entry.metadata)
            entries[name] = entry
            for partition in entry.partitions { partition.update(config: config) }
            return entry.metadata
        }
    }
}
