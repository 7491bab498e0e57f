import Wire

/// Topic and group administration over the Kafka protocol.
///
///     let admin = try await KafkaAdmin(bootstrap: "127.0.0.1:9092")
///     try await admin.createTopic("orders", partitions: 3, configs: ["retention.ms": "3600000"])
public final class KafkaAdmin: @unchecked Sendable {
    /// Kafka's ConfigResource type for topics.
    static let topicResourceType: Int8 = 2
    /// Kafka's ConfigSource for a value set on the topic itself.
    static let dynamicTopicConfigSource: Int8 = 1
    static let operationTimeoutMs: Int32 = 30_000

    let cluster: Cluster

    public init(bootstrap: String = "127.0.0.1:9092", clientId: String = "ringlog-admin") async throws {
        cluster = try await offload { try Cluster(bootstrap: bootstrap, clientId: clientId) }
    }

    public func close() { cluster.close() }

    // MARK: Topics

    /// Creates a topic; `replicationFactor` nil means the broker's default.
    public func createTopic(_ name: String, partitions: Int = 1, replicationFactor: Int? = nil, configs: [String: String] = [:]) async throws {
        try await offload { [cluster] in
            let c = try cluster.anyConnection()
            let version = try c.version(of: .createTopics)
            // -1 ("broker default") exists from v4; older brokers need a number.
            let factor = Int16(replicationFactor ?? (version >= 4 ? -1 : 1))
            let topic = CreateTopicsRequest.Topic(name: name, numPartitions: Int32(partitions), replicationFactor: factor,
                                                  configs: configs.sorted { $0.key < $1.key }.map { .init(name: $0.key, value: $0.value) })
            let response = try c.roundTrip(CreateTopicsRequest(topics: [topic], timeoutMs: Self.operationTimeoutMs), expecting: CreateTopicsResponse.self)
            for t in response.topics { try ClientError.check(t.errorCode, "creating topic '\(t.name)'", message: t.errorMessage) }
        }
    }

    /// Topic names, sorted; internal topics (`__consumer_offsets`) only when asked.
    public func listTopics(includeInternal: Bool = false) async throws -> [String] {
        try await offload { [cluster] in
            let response = try cluster.refreshMetadata(topics: nil)
            return response.topics.filter { $0.errorCode == 0 && (includeInternal || !$0.isInternal) }.compactMap(\.name).sorted()
        }
    }

    /// Partitions with leaders, replicas, log start offsets and high watermarks.
    public func describeTopic(_ name: String) async throws -> TopicDescription {
        try await offload { [cluster] in
            let layout = try cluster.layout(of: name, refresh: true)
            let partitions = layout.partitions.map { TopicPartition(name, $0.index) }
            let starts = try OffsetLookup.offsets(partitions, at: .earliest, cluster: cluster)
            let ends = try OffsetLookup.offsets(partitions, at: .latest, cluster: cluster)
            return TopicDescription(
                name: name, id: layout.id == .zero ? "" : layout.id.base64Description, isInternal: layout.isInternal,
                partitions: layout.partitions.map { p in
                    let tp = TopicPartition(name, p.index)
                    return PartitionDescription(partition: p.index, leader: p.leader, replicas: p.replicas, inSyncReplicas: p.inSyncReplicas,
                                                logStartOffset: starts[tp] ?? -1, highWatermark: ends[tp] ?? -1)
                })
        }
    }

    public func deleteTopic(_ name: String) async throws {
        try await offload { [cluster] in
            let c = try cluster.anyConnection()
            let response = try c.roundTrip(DeleteTopicsRequest(topicNames: [name], timeoutMs: Self.operationTimeoutMs), expecting: DeleteTopicsResponse.self)
            for t in response.responses { try ClientError.check(t.errorCode, "deleting topic '\(t.name)'", message: t.errorMessage) }
            cluster.forget(topic: name)
        }
    }

    // MARK: Configs

    /// Every setting of a topic, sorted by name.
    public func describeConfigs(topic: String) async throws -> [ConfigEntry] {
        try await offload { [cluster] in try Self.describeConfigs(topic: topic, cluster: cluster) }
    }

    /// Sets the given settings on a topic, leaving the others as they are. Uses IncrementalAlterConfigs
    /// where the broker has it; otherwise AlterConfigs, which replaces the topic's whole set, so the
    /// current topic-level values are read first and sent along.
    public func alterTopicConfigs(_ topic: String, set changes: [String: String]) async throws {
        try await offload { [cluster] in
            let c = try cluster.anyConnection()
            let sorted = changes.sorted { $0.key < $1.key }
            if c.versions.supports(.incrementalAlterConfigs) {
                let resource = IncrementalAlterConfigsRequest.Resource(
                    resourceType: Self.topicResourceType, resourceName: topic,
                    configs: sorted.map { .init(name: $0.key, configOperation: 0, value: $0.value) })   // 0 = SET
                let response = try c.roundTrip(IncrementalAlterConfigsRequest(resources: [resource]), expecting: IncrementalAlterConfigsResponse.self)
                for r in response.responses { try ClientError.check(r.errorCode, "altering configs of '\(r.resourceName)'", message: r.errorMessage) }
                return
            }
            var values: [String: String] = [:]
            for entry in try Self.describeConfigs(topic: topic, cluster: cluster) where !entry.isDefault && !entry.isReadOnly {
                if let v = entry.value { values[entry.name] = v }
            }
            values.merge(changes) { _, new in new }
            let resource = AlterConfigsRequest.Resource(resourceType: Self.topicResourceType, resourceName: topic,
                                                        configs: values.sorted { $0.key < $1.key }.map { .init(name: $0.key, value: $0.value) })
            let response = try c.roundTrip(AlterConfigsRequest(resources: [resource]), expecting: AlterConfigsResponse.self)
            for r in response.responses { try ClientError.check(r.errorCode, "altering configs of '\(r.resourceName)'", message: r.errorMessage) }
        }
    }

    static func describeConfigs(topic: String, cluster: Cluster) throws -> [ConfigEntry] {
        let c = try cluster.anyConnection()
        let request = DescribeConfigsRequest(resources: [.init(resourceType: topicResourceType, resourceName: topic, configurationKeys: nil)])
        let response = try c.roundTrip(request, expecting: DescribeConfigsResponse.self)
        var entries: [ConfigEntry] = []
        for r in response.results {
            try ClientError.check(r.errorCode, "describing configs of '\(r.resourceName)'", message: r.errorMessage)
            for config in r.configs {
                entries.append(ConfigEntry(name: config.name, value: config.value,
                                           isDefault: config.configSource != dynamicTopicConfigSource,
                                           isReadOnly: config.readOnly, isSensitive: config.isSensitive))
            }
        }
        return entries.sorted { $0.name < $1.name }
    }

    // MARK: Groups

    /// Every group on every broker, sorted by id.
    public func listGroups() async throws -> [GroupListing] {
        try await offload { [cluster] in
            var groups: [GroupListing] = []
            for node in try cluster.brokerIds() {
                let c = try cluster.connection(to: node)
                let response = try c.roundTrip(ListGroupsRequest(), expecting: ListGroupsResponse.self)
                try ClientError.check(response.errorCode, "listing groups on broker \(node)")
                groups += response.groups.map { GroupListing(groupId: $0.groupId, protocolType: $0.protocolType, state: $0.groupState) }
            }
            return groups.sorted { $0.groupId < $1.groupId }
        }
    }

    /// Members with their assignments, and per partition the committed offset, high watermark and lag.
    public func describeGroup(_ groupId: String) async throws -> GroupDescription {
        try await offload { [cluster] in try GroupInspector.describe(groupId, cluster: cluster) }
    }
}
