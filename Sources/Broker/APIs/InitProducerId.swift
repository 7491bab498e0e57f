import Wire

/// InitProducerId (key 22): a fresh producer id for an idempotent producer, or, when a known producer asks
/// again with its id and epoch (KIP-360, v3+), the same id with the next epoch. Transactions are not
/// supported: a transactional id is refused.
enum InitProducerIdAPI {
    static func handle(_ request: RequestContext, body: inout ByteReader) throws {
        let req = try InitProducerIdRequest(from: &body, version: request.version)
        var response = InitProducerIdResponse(throttleTimeMs: 0, errorCode: 0, producerId: -1, producerEpoch: -1)
        if req.transactionalId != nil {
            response.errorCode = ErrorCode.transactionalIdAuthorizationFailed.rawValue
        } else if req.producerId >= 0 && req.producerEpoch >= 0 && req.producerEpoch < Int16.max - 1 {
            response.producerId = req.producerId
            response.producerEpoch = req.producerEpoch + 1
        } else {
            do {
                response.producerId = try request.broker.producerIds.next()
                response.producerEpoch = 0
            } catch {
                request.broker.logger.error("cannot reserve producer ids: \(error)")
                response.errorCode = ErrorCode.kafkaStorageError.rawValue
            }
        }
        request.respond { response.encode(into: &$0, version: request.version) }
    }
}
