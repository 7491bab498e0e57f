import Wire

/// The versions a broker advertised, and the choice for each API: the highest version both this
/// codec (`ApiKey.codecVersions`) and the broker support.
struct ApiVersionTable: Sendable {
    private var brokerRanges: [Int16: ClosedRange<Int16>] = [:]

    init(_ response: ApiVersionsResponse) {
        for api in response.apiKeys where api.minVersion <= api.maxVersion {
            brokerRanges[api.apiKey] = api.minVersion...api.maxVersion
        }
    }

    func brokerRange(_ api: ApiKey) -> ClosedRange<Int16>? { brokerRanges[api.rawValue] }

    /// nil when the two ranges do not overlap (or the broker lacks the API).
    func version(for api: ApiKey) -> Int16? {
        guard let broker = brokerRanges[api.rawValue], broker.overlaps(api.codecVersions) else { return nil }
        return min(broker.upperBound, api.codecVersions.upperBound)
    }

    func supports(_ api: ApiKey) -> Bool { version(for: api) != nil }
}
