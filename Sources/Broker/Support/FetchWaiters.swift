import Synchronization

/// Fetches parked until data arrives (the long poll), indexed by partition so an append wakes only the
/// fetches that wait on its partition. Appends check an atomic count first, so with nobody waiting an
/// append pays one atomic load.
final class FetchWaiters: @unchecked Sendable {
    struct Key: Hashable {
        let topic: String
        let partition: Int32
    }

    private let waiting = Mutex<[Key: [ObjectIdentifier: ParkedFetch]]>([:])
    private let parkedCount = Atomic<Int>(0)

    func park(_ fetch: ParkedFetch, on keys: [Key]) {
        waiting.withLock { table in
            for key in keys { table[key, default: [:]][ObjectIdentifier(fetch)] = fetch }
        }
        parkedCount.add(1, ordering: .relaxed)
    }

    func unpark(_ fetch: ParkedFetch, from keys: [Key]) {
        waiting.withLock { table in
            for key in keys {
                table[key]?[ObjectIdentifier(fetch)] = nil
                if table[key]?.isEmpty == true { table[key] = nil }
            }
        }
        parkedCount.subtract(1, ordering: .relaxed)
    }

    /// Called after an append; wakes (on their own reactors) the fetches parked on that partition.
    func notify(topic: String, partition: Int32) {
        guard parkedCount.load(ordering: .relaxed) > 0 else { return }
        let woken = waiting.withLock { table in table[Key(topic: topic, partition: partition)].map { Array($0.values) } ?? [] }
        for fetch in woken { fetch.wake() }
    }
}
