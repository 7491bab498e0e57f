import Storage
import Wire

/// DescribeConfigs (key 32), v1–4: topic (type 2) and broker (type 4) configs with their values, sources
/// (1 topic, 2 dynamic broker, 4 static broker, 5 default), synonyms when asked for, and types (v3+).
/// Null keys = every config; unknown keys are left out, as Kafka does.
enum DescribeConfigsAPI {
    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        let broker = request.broker
        let req = try DescribeConfigsRequest(from: &body, version: request.version)
        let effective = EffectiveConfigs(broker: broker)
        let results = req.resources.map { resource -> DescribeConfigsResponse.ResourceResult in
            var result = DescribeConfigsResponse.ResourceResult(
                errorCode: 0, errorMessage: nil, resourceType: resource.resourceType, resourceName: resource.resourceName)
            let entries: [ConfigEntry]
            switch resource.resourceType {
            case ConfigResource.topic:
                guard let topic = broker.store.topic(named: resource.resourceName) else {
                    result.errorCode = ErrorCode.unknownTopicOrPartition.rawValue
                    result.errorMessage = "topic '\(resource.resourceName)' does not exist"
                    return result
                }
                entries = effective.topicEntries(overrides: topic.configs)
            case ConfigResource.broker where ConfigResource.namesThisBroker(resource.resourceName, nodeId: broker.config.nodeId):
                entries = effective.brokerEntries()
            case ConfigResource.broker:
                result.errorCode = ErrorCode.invalidRequest.rawValue
                result.errorMessage = "broker \(resource.resourceName) is not this node (\(broker.config.nodeId))"
                return result
            default:
                result.errorCode = ErrorCode.invalidRequest.rawValue
                result.errorMessage = "resource type \(resource.resourceType) is not supported"
                return result
            }
            let wanted = resource.configurationKeys.map(Set.init)
            result.configs = entries.filter { wanted?.contains($0.definition.name) ?? true }.map {
                describe($0, synonyms: req.includeSynonyms, documentation: req.includeDocumentation)
            }
            return result
        }
        let response = DescribeConfigsResponse(throttleTimeMs: 0, results: results)
        request.respond { response.encode(into: &$0, version: request.version) }
    }

    static func describe(_ entry: ConfigEntry, synonyms: Bool, documentation: Bool) -> DescribeConfigsResponse.Config {
        DescribeConfigsResponse.Config(
            name: entry.definition.name,
            value: entry.definition.sensitive ? nil : entry.value,
            readOnly: entry.definition.readOnly,
            configSource: entry.source.rawValue,
            isSensitive: entry.definition.sensitive,
            synonyms: synonyms ? entry.synonyms.map { .init(name: $0.name, value: $0.value, source: $0.source.rawValue) } : [],
            configType: entry.definition.kind.rawValue,
            documentation: documentation ? entry.definition.documentation : nil)
    }
}
