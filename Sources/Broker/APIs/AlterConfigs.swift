import Wire

/// AlterConfigs (key 33), v0–2: replaces every override of a topic or of the broker with the given set
/// (configs left out return to their defaults). Broker changes are stored and applied at the next start.
enum AlterConfigsAPI {
    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        let broker = request.broker
        let req = try AlterConfigsRequest(from: &body, version: request.version)
        let results = req.resources.map { resource -> AlterConfigsResponse.ResourceResponse in
            var result = AlterConfigsResponse.ResourceResponse(
                errorCode: 0, errorMessage: nil, resourceType: resource.resourceType, resourceName: resource.resourceName)
            do throws(ConfigChanges.Failure) {
                _ = try ConfigChanges.current(resourceType: resource.resourceType, name: resource.resourceName, broker: broker)
                var values: [String: String] = [:]
                for config in resource.configs { values[config.name] = config.value }
                try ConfigChanges.replace(resourceType: resource.resourceType, name: resource.resourceName,
                                          with: values, validateOnly: req.validateOnly, broker: broker)
            } catch {
                result.errorCode = error.code.rawValue
                result.errorMessage = error.message
            }
            return result
        }
        let response = AlterConfigsResponse(throttleTimeMs: 0, responses: results)
        request.respond { response.encode(into: &$0, version: request.version) }
    }
}
