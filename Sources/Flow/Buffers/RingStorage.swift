/// A fixed-capacity circular buffer for one thread: the storage behind every Flow buffer.
/// Memory is allocated once at `init`; push and pop are O(1) and never allocate.
public struct RingStorage<Element> {
    // @usableFromInline + @inlinable: callers in other modules get code specialized for their element
    // type instead of generic calls through witness tables (measured: about 8× faster, see BENCHMARKS).
    @usableFromInline var slots: ContiguousArray<Element?>
    @usableFromInline var head = 0  // index of the oldest element
    @inlinable public var count: Int { storedCount }
    @usableFromInline var storedCount = 0

    /// Creates an empty ring holding at most `capacity` elements.
    @inlinable public init(capacity: Int) {
        precondition(capacity > 0, "a ring needs at least one slot")
        slots = ContiguousArray(repeating: nil, count: capacity)
    }

    @inlinable public var capacity: Int { slots.count }
    @inlinable public var isEmpty: Bool { count == 0 }
    @inlinable public var isFull: Bool { count == slots.count }

    @inlinable @inline(__always) func slot(_ offset: Int) -> Int {
        let index = head + offset
        return index >= slots.count ? index - slots.count : index
    }

    /// Appends at the tail; returns false (and keeps the ring unchanged) when full.
    @discardableResult
    @inlinable public mutating func push(_ element: Element) -> Bool {
        guard count < slots.count else { return false }
        slots[slot(count)] = element
        storedCount += 1
        return true
    }

    /// Appends at the tail, evicting and returning the oldest element when full.
    @inlinable public mutating func pushEvictingOldest(_ element: Element) -> Element? {
        var evicted: Element?
        if isFull { evicted = pop() }
        push(element)
        return evicted
    }

    /// Removes and returns the oldest element.
    @inlinable public mutating func pop() -> Element? {
        guard count > 0 else { return nil }
        let element = slots[head].take()
        head = slot(1)
        storedCount -= 1
        return element
    }

    /// The oldest element, without removing it.
    @inlinable public var first: Element? { count > 0 ? slots[head] : nil }

    /// The element `offset` places after the oldest (0 = oldest).
    @inlinable public subscript(offset: Int) -> Element {
        precondition(offset >= 0 && offset < count, "ring offset out of range")
        return slots[slot(offset)]!
    }

    /// Removes every element; capacity is kept.
    @inlinable public mutating func removeAll() {
        while pop() != nil {}
    }

    /// The elements from oldest to newest (allocates: for reporting, not hot paths).
    public var elements: [Element] { (0..<count).map { self[$0] } }
}

extension RingStorage: Sendable where Element: Sendable {}
