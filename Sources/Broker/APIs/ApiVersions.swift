import Net
import Wire

/// ApiVersions (key 18): the first request on every connection; tells the client our version ranges.
enum ApiVersionsAPI {
    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        // v3+ bodies carry the client's software name and version; we accept any value (see protocol map §2.2).
        _ = try ApiVersionsRequest(from: &body, version: request.version)
        request.respond { w in
            response(errorCode: .none).encode(into: &w, version: request.version)
        }
    }

    /// A version above our maximum: a v0-format body with UNSUPPORTED_VERSION and our ranges, so the client
    /// retries with a version we speak.
    static func answerUnsupportedVersion(_ request: RequestContext) {
        let chunks = ResponseFrame.encode(correlationId: request.header.correlationId, flexibleHeader: false) { w in
            response(errorCode: .unsupportedVersion).encode(into: &w, version: 0)
        }
        request.responder.send(chunks.flatMap { OutChunk.chunks(for: $0) })
    }

    static func response(errorCode: ErrorCode) -> ApiVersionsResponse {
        ApiVersionsResponse(
            errorCode: errorCode.rawValue,
            apiKeys: SupportedApis.ranges.map { api, range in
                ApiVersionsResponse.ApiVersion(apiKey: api.rawValue, minVersion: range.lowerBound, maxVersion: range.upperBound)
            },
            throttleTimeMs: 0)
    }
}
