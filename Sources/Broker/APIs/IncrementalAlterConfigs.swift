import Wire

/// IncrementalAlterConfigs (key 44), v0–1: per config SET (0), DELETE (1), APPEND (2) or SUBTRACT (3)
/// (the last two for list configs, starting from the override or the default), then the result is
/// validated and stored as the resource's overrides.
enum IncrementalAlterConfigsAPI {
    enum Operation: Int8 { case set = 0, delete = 1, append = 2, subtract = 3 }

    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        let broker = request.broker
        let req = try IncrementalAlterConfigsRequest(from: &body, version: request.version)
        let results = req.resources.map { resource -> IncrementalAlterConfigsResponse.ResourceResponse in
            var result = IncrementalAlterConfigsResponse.ResourceResponse(
                errorCode: 0, errorMessage: nil, resourceType: resource.resourceType, resourceName: resource.resourceName)
            do throws(ConfigChanges.Failure) {
                var values = try ConfigChanges.current(resourceType: resource.resourceType, name: resource.resourceName, broker: broker)
                for config in resource.configs {
                    try apply(config, to: &values, resourceType: resource.resourceType)
                }
                try ConfigChanges.replace(resourceType: resource.resourceType, name: resource.resourceName,
                                          with: values, validateOnly: req.validateOnly, broker: broker)
            } catch {
                result.errorCode = error.code.rawValue
                result.errorMessage = error.message
            }
            return result
        }
        let response = IncrementalAlterConfigsResponse(throttleTimeMs: 0, responses: results)
        request.respond { response.encode(into: &$0, version: request.version) }
    }

    private static func apply(_ config: IncrementalAlterConfigsRequest.Config, to values: inout [String: String],
                              resourceType: Int8) throws(ConfigChanges.Failure) {
        guard let operation = Operation(rawValue: config.configOperation) else {
            throw ConfigChanges.Failure(.invalidRequest, "unknown config operation \(config.configOperation)")
        }
        switch operation {
        case .set:
            guard let value = config.value else { throw ConfigChanges.Failure(.invalidRequest, "SET \(config.name) needs a value") }
            values[config.name] = value
        case .delete:
            values[config.name] = nil
        case .append, .subtract:
            guard let definition = ConfigChanges.definition(resourceType: resourceType, name: config.name) else {
                throw ConfigChanges.Failure(.invalidConfig, "unknown config \(config.name)")
            }
            guard definition.kind == .list else {
                throw ConfigChanges.Failure(.invalidConfig, "\(config.name) is not a list: APPEND and SUBTRACT do not apply")
            }
            var items = (values[config.name] ?? definition.defaultValue ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: " ") }.filter { !$0.isEmpty }
            let given = (config.value ?? "").split(separator: ",").map { $0.trimmingCharacters(in: " ") }.filter { !$0.isEmpty }
            if operation == .append {
                for item in given where !items.contains(item) { items.append(item) }
            } else {
                items.removeAll { given.contains($0) }
            }
            values[config.name] = items.joined(separator: ",")
        }
    }
}
