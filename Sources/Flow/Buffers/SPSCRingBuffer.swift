import Synchronization

/// A lock-free bounded FIFO for exactly one producer thread and one consumer thread.
///
/// The producer owns `tail`, the consumer owns `head`; each publishes its index with a release store and
/// reads the other's with an acquire load, so an element is fully written before the consumer can see it.
/// Each side caches the other side's index and re-reads the atomic only when the cache says full/empty,
/// which keeps the shared cache lines quiet. Capacity is rounded up to a power of two (index masking).
/// Calling `push` from two threads (or `pop` from two) is a programmer error this type does not detect.
public final class SPSCRingBuffer<Element>: @unchecked Sendable {
    // @unchecked: `cachedHead` belongs to the producer thread, `cachedTail` to the consumer thread;
    // the atomics are the only state both sides touch.
    @usableFromInline let storage: UnsafeMutablePointer<Element>
    @usableFromInline let mask: Int
    /// The most elements the buffer holds (a power of two, at least the requested capacity).
    public let capacity: Int

    @usableFromInline let head = Atomic<Int>(0)  // next slot to read, written by the consumer
    @usableFromInline var cachedTail = 0  // consumer's last view of `tail`
    private let padding = (0, 0, 0, 0, 0, 0, 0, 0)  // keep producer and consumer fields apart
    @usableFromInline let tail = Atomic<Int>(0)  // next slot to write, written by the producer
    @usableFromInline var cachedHead = 0  // producer's last view of `head`

    /// Creates a buffer holding at least `capacity` elements.
    public init(capacity requested: Int) {
        precondition(requested > 0 && requested <= 1 << 40, "capacity out of range")
        var size = 1
        while size < requested { size <<= 1 }
        capacity = size
        mask = size - 1
        storage = .allocate(capacity: size)
    }

    deinit {
        var index = head.load(ordering: .relaxed)
        let end = tail.load(ordering: .relaxed)
        while index != end {
            (storage + (index & mask)).deinitialize(count: 1)
            index += 1
        }
        storage.deallocate()
    }

    /// Producer only. Appends `element`; returns false when full.
    @inlinable @inline(__always)
    public func push(_ element: Element) -> Bool {
        let writeIndex = tail.load(ordering: .relaxed)
        if writeIndex - cachedHead == capacity {
            cachedHead = head.load(ordering: .acquiring)
            if writeIndex - cachedHead == capacity { return false }
        }
        (storage + (writeIndex & mask)).initialize(to: element)
        tail.store(writeIndex + 1, ordering: .releasing)
        return true
    }

    /// Consumer only. Removes and returns the oldest element, or nil when empty.
    @inlinable @inline(__always)
    public func pop() -> Element? {
        let readIndex = head.load(ordering: .relaxed)
        if readIndex == cachedTail {
            cachedTail = tail.load(ordering: .acquiring)
            if readIndex == cachedTail { return nil }
        }
        let element = (storage + (readIndex & mask)).move()
        head.store(readIndex + 1, ordering: .releasing)
        return element
    }

    /// Elements held now; exact when neither side is running, a snapshot otherwise.
    public var count: Int {
        let readIndex = head.load(ordering: .acquiring)
        return tail.load(ordering: .acquiring) - readIndex
    }

    /// `count / capacity`, from 0 (empty) to 1 (full).
    public var utilization: Double { Double(count) / Double(capacity) }
}
