/// A bounded FIFO safe for any number of producer and consumer threads: a `RingStorage` behind a mutex.
/// Memory is fixed at creation. Operations never block: `push` fails when full, `pop` returns nil when
/// empty. Use `BoundedQueue` to wait for space or data, `SPSCRingBuffer` for one producer and one consumer.
public final class RingBuffer<Element>: @unchecked Sendable {
    // @unchecked: `ring` is only touched with `monitor` locked.
    @usableFromInline let monitor = Monitor()
    @usableFromInline var ring: RingStorage<Element>
    /// The most elements the buffer holds.
    public let capacity: Int

    public init(capacity: Int) {
        self.capacity = capacity
        ring = RingStorage(capacity: capacity)
    }

    /// Appends `element`; returns false when the buffer is full.
    @discardableResult
    @inlinable public func push(_ element: Element) -> Bool {
        monitor.withLock { ring.push(element) }
    }

    /// Appends `element`, evicting and returning the oldest one when full.
    @inlinable public func pushEvictingOldest(_ element: Element) -> Element? {
        monitor.withLock { ring.pushEvictingOldest(element) }
    }

    /// Removes and returns the oldest element, or nil when empty.
    @inlinable public func pop() -> Element? {
        monitor.withLock { ring.pop() }
    }

    /// Elements held now.
    @inlinable public var count: Int { monitor.withLock { ring.count } }

    /// `count / capacity`, from 0 (empty) to 1 (full).
    @inlinable public var utilization: Double { Double(count) / Double(capacity) }
}
