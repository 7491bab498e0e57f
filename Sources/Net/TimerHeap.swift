import Glibc

/// Names a scheduled timer so it can be cancelled.
public struct TimerID: Hashable, Sendable {
    let rawValue: UInt64
}

/// Timers of one reactor: a binary min-heap of (deadline, id) plus the work by id. Cancelling removes
/// the work only; its heap entry is skipped when it reaches the top. Equal deadlines fire in
/// scheduling order because ids increase. Owned by the reactor thread.
struct TimerHeap {
    private struct Entry {
        let deadlineNs: UInt64
        let id: UInt64
        func firesBefore(_ other: Entry) -> Bool {
            deadlineNs != other.deadlineNs ? deadlineNs < other.deadlineNs : id < other.id
        }
    }

    private var heap: [Entry] = []
    private var workByID: [UInt64: () -> Void] = [:]

    var isEmpty: Bool { workByID.isEmpty }

    mutating func insert(id: UInt64, deadlineNs: UInt64, work: @escaping () -> Void) {
        workByID[id] = work
        heap.append(Entry(deadlineNs: deadlineNs, id: id))
        siftUp(heap.count - 1)
    }

    mutating func cancel(id: UInt64) {
        workByID[id] = nil
        if workByID.isEmpty { heap.removeAll(keepingCapacity: true) }
    }

    /// Milliseconds until the earliest live timer (rounded up so it is due when we wake), or -1 if none.
    mutating func timeoutMs(nowNs: UInt64) -> Int32 {
        dropCancelledTop()
        guard let top = heap.first else { return -1 }
        if top.deadlineNs <= nowNs { return 0 }
        let waitMs = (top.deadlineNs - nowNs + 999_999) / 1_000_000
        return Int32(min(waitMs, UInt64(Int32.max)))
    }

    /// Removes and returns the work of the earliest timer due at `nowNs`, if any.
    mutating func popDue(nowNs: UInt64) -> (() -> Void)? {
        dropCancelledTop()
        guard let top = heap.first, top.deadlineNs <= nowNs else { return nil }
        removeTop()
        return workByID.removeValue(forKey: top.id)
    }

    mutating func removeAll() {
        heap.removeAll()
        workByID.removeAll()
    }

    private mutating func dropCancelledTop() {
        while let top = heap.first, workByID[top.id] == nil { removeTop() }
    }

    private mutating func removeTop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        siftDown(0)
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].firesBefore(heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var first = left
            if left + 1 < heap.count, heap[left + 1].firesBefore(heap[left]) { first = left + 1 }
            guard heap[first].firesBefore(heap[parent]) else { return }
            heap.swapAt(first, parent)
            parent = first
        }
    }
}

/// CLOCK_MONOTONIC in nanoseconds: timers must not jump with wall-clock changes.
func monotonicNowNs() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}
