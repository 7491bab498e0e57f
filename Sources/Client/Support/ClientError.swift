import Wire

/// What can go wrong, in words a user understands. `description` is what the CLI prints.
public enum ClientError: Error, CustomStringConvertible, Equatable {
    /// The TCP connection could not be made (`reason` is the system's words, e.g. "connection refused").
    case cannotConnect(address: String, reason: String)
    /// The connection broke or timed out in the middle of a request.
    case connectionLost(address: String, reason: String)
    /// `HOST:PORT` did not parse.
    case invalidAddress(String)
    /// The broker and this client share no version of an API.
    case unsupportedApi(String, address: String)
    /// The broker answered with a Kafka error code.
    case broker(ErrorCode?, code: Int16, context: String, message: String?)
    /// The broker's answer did not make sense (wrong correlation id, bytes that do not decode).
    case protocolViolation(String)
    /// A fetched batch is compressed; this client reads uncompressed batches only.
    case compressedBatch(topic: String, partition: Int32, codec: String)
    case unknownTopic(String)
    case timedOut(String)
    /// The caller used the API wrongly (e.g. commit without a group).
    case usage(String)
    case closed

    public var description: String {
        switch self {
        case .cannotConnect(let address, let reason): return "cannot connect to \(address): \(reason)"
        case .connectionLost(let address, let reason): return "lost the connection to \(address): \(reason)"
        case .invalidAddress(let text): return "'\(text)' is not HOST:PORT"
        case .unsupportedApi(let api, let address): return "the broker at \(address) does not support \(api) in any version this client speaks"
        case .broker(let code, let raw, let context, let message):
            let name = code?.name ?? "error \(raw)"
            return "\(context): \(name)" + (message.map { $0.isEmpty ? "" : " (\($0))" } ?? "")
        case .protocolViolation(let what): return "unexpected answer from the broker: \(what)"
        case .compressedBatch(let topic, let partition, let codec):
            return "\(topic)-\(partition) holds a \(codec)-compressed batch; this client reads uncompressed batches only"
        case .unknownTopic(let name): return "topic '\(name)' does not exist"
        case .timedOut(let what): return "timed out \(what)"
        case .usage(let what): return what
        case .closed: return "the client is closed"
        }
    }

    /// The Kafka error code, when the broker sent one.
    public var errorCode: ErrorCode? {
        if case .broker(let code, _, _, _) = self { return code }
        return nil
    }

    static func check(_ code: Int16, _ context: @autoclosure () -> String, message: String? = nil) throws {
        guard code != 0 else { return }
        throw ClientError.broker(ErrorCode(rawValue: code), code: code, context: context(), message: message)
    }
}

extension ErrorCode {
    /// Errors that go away by themselves (leader moving, topic being created, coordinator loading).
    var isRetriable: Bool {
        switch self {
        case .leaderNotAvailable, .notLeaderOrFollower, .unknownTopicOrPartition, .requestTimedOut,
             .networkException, .coordinatorLoadInProgress, .coordinatorNotAvailable, .notCoordinator,
             .notEnoughReplicas, .notEnoughReplicasAfterAppend, .kafkaStorageError, .fencedLeaderEpoch,
             .unknownLeaderEpoch, .offsetNotAvailable:
            return true
        default:
            return false
        }
    }
}
