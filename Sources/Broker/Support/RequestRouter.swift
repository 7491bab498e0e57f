import Net
import Wire

/// Finds the handler for a frame. Unknown APIs and unadvertised versions close the connection, as Kafka
/// does, except ApiVersions, which answers any version (clients use its error to learn our range).
enum RequestRouter {
    static func route(frame: [UInt8], connection: ConnectionInfo, responder: Responder, broker: Broker) {
        guard frame.count >= 8 else {
            broker.logger.warn("frame of \(frame.count) bytes is too short for a request header")
            responder.closeConnection()
            return
        }
        let rawKey = Int16(bitPattern: UInt16(frame[0]) << 8 | UInt16(frame[1]))
        let version = Int16(bitPattern: UInt16(frame[2]) << 8 | UInt16(frame[3]))
        guard let api = ApiKey(rawValue: rawKey), let supported = SupportedApis.versions(of: api) else {
            broker.logger.warn("unsupported API key \(rawKey) v\(version) from \(connection.peerAddress); closing")
            responder.closeConnection()
            return
        }
        let startedNanos = broker.metrics.clock.nowNanos()
        var reader = ByteReader(frame)
        do {
            // A too-new ApiVersions request uses the newest header layout we know (v2 for ApiVersions ≥ 3).
            let flexibleHeader = api.isFlexible(version: min(version, supported.upperBound))
            let header = try RequestHeader.parse(&reader, flexible: flexibleHeader)
            let request = RequestContext(api: api, header: header, connection: connection,
                                         responder: responder, broker: broker, startedNanos: startedNanos)
            guard supported.contains(version) else {
                if api == .apiVersions {
                    ApiVersionsAPI.answerUnsupportedVersion(request)
                } else {
                    request.closeConnection(because: "\(api.name) v\(version) is not supported")
                }
                return
            }
            broker.logger.debug("\(api.name) v\(version) correlation \(header.correlationId) from "
                + "\(connection.peerAddress):\(connection.peerPort) (\(header.clientId ?? "no client id"))")
            try dispatch(request, body: &reader)
        } catch {
            broker.logger.warn("malformed \(api.name) v\(version) request from \(connection.peerAddress): \(error)")
            responder.closeConnection()
        }
    }

    private static func dispatch(_ request: RequestContext, body: inout ByteReader) throws {
        switch request.api {
        case .apiVersions: try ApiVersionsAPI.handle(request, body: &body)
        case .metadata: try MetadataAPI.handle(request, body: &body)
        case .produce: try ProduceAPI.handle(request, body: &body)
        case .fetch: try FetchAPI.handle(request, body: &body)
        case .listOffsets: try ListOffsetsAPI.handle(request, body: &body)
        case .createTopics: try CreateTopicsAPI.handle(request, body: &body)
        case .deleteTopics: try DeleteTopicsAPI.handle(request, body: &body)
        case .initProducerId: try InitProducerIdAPI.handle(request, body: &body)
        case .findCoordinator: try FindCoordinatorAPI.handle(request, body: &body)
        case .joinGroup: try JoinGroupAPI.handle(request, body: &body)
        case .syncGroup: try SyncGroupAPI.handle(request, body: &body)
        case .heartbeat: try HeartbeatAPI.handle(request, body: &body)
        case .leaveGroup: try LeaveGroupAPI.handle(request, body: &body)
        case .offsetCommit: try OffsetCommitAPI.handle(request, body: &body)
        case .offsetFetch: try OffsetFetchAPI.handle(request, body: &body)
        case .describeGroups: try DescribeGroupsAPI.handle(request, body: &body)
        case .listGroups: try ListGroupsAPI.handle(request, body: &body)
        case .deleteGroups: try DeleteGroupsAPI.handle(request, body: &body)
        case .createPartitions: try CreatePartitionsAPI.handle(request, body: &body)
        case .describeConfigs: try DescribeConfigsAPI.handle(request, body: &body)
        case .alterConfigs: try AlterConfigsAPI.handle(request, body: &body)
        case .incrementalAlterConfigs: try IncrementalAlterConfigsAPI.handle(request, body: &body)
        case .describeCluster: try DescribeClusterAPI.handle(request, body: &body)
        case .deleteRecords: try DeleteRecordsAPI.handle(request, body: &body)
        case .offsetForLeaderEpoch: try OffsetForLeaderEpochAPI.handle(request, body: &body)
        default:
            request.closeConnection(because: "\(request.api.name) has no handler")
        }
    }
}
