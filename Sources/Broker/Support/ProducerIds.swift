import Glibc
import Synchronization

/// Hands out producer ids that are never reused, also across restarts: ids are reserved in blocks whose
/// end is written to `<data>/producer-ids` (atomically, fsynced) before any id of the block is given out.
/// A crash wastes at most the rest of one block.
final class ProducerIds: @unchecked Sendable {
    static let blockSize: Int64 = 1000
    private let path: String
    private let state: Mutex<(next: Int64, blockEnd: Int64)>

    init(dataDirectory: String) throws {
        path = dataDirectory + "/producer-ids"
        let reserved = readTextFile(path).flatMap { Int64($0.trimmingCharacters(in: " \n")) } ?? 0
        state = Mutex((reserved, reserved))
    }

    func next() throws -> Int64 {
        try state.withLock { state in
            if state.next == state.blockEnd {
                let end = state.blockEnd + ProducerIds.blockSize
                try writeFileAtomically(path, "\(end)\n")
                state.blockEnd = end
            }
            defer { state.next += 1 }
            return state.next
        }
    }
}
