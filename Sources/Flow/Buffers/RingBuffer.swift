import Synchronization

/// A bounded FIFO safe for any number of producer and consumer threads: a `RingStorage` behind a `Mutex`.
/// Memory is fixed at creation. Operations never block: `push` fails when full, `pop` returns nil when
/// empty. Use `BoundedQueue` to wait for space or data, `SPSCRingBuffer` for one producer and one consumer.
public final class RingBuffer<Element>: @unchecked Sendable {
    // @unchecked: all state is inside `ring`'s Mutex.
    @usableFromInline let ring: Mutex<RingStorage<Element>>
    /// The most elements the buffer holds.
    public let capacity: Int

    public init(capacity: Int) {
        self.capacity = capacity
        ring = Mutex(RingStorage(capacity: capacity))
    }

    /// Appends `element`; returns false when the buffer is full.
    @discardableResult
    @inlinable public func push(_ element: Element) -> Bool {
        ring.withLock { $0.push(element) }
    }

    /// Appends `element`, evicting and returning the oldest one when full.
    @inlinable public func pushEvictingOldest(_ element: Element) -> Element? {
        ring.withLock { $0.pushEvictingOldest(element) }
    }

    /// Removes and returns the oldest element, or nil when empty.
    @inlinable public func pop() -> Element? {
        ring.withLock { $0.pop() }
    }

    /// Elements held now.
    @inlinable public var count: Int { ring.withLock { $0.count } }

    /// `count / capacity`, from 0 (empty) to 1 (full).
    @inlinable public var utilization: Double { Double(count) / Double(capacity) }
}
