import Flow
import Glibc
import Synchronization

/// Transfers `count` integers from a producer thread to the calling thread and returns transfers per second.
/// Both sides spin on a full/empty queue (calling `sched_yield` so a shared core is not starved).
enum QueueBenchmarks {
    static func spscTransfersPerSecond(count: Int, capacity: Int) -> (rate: Double, checksum: Int) {
        let buffer = SPSCRingBuffer<Int>(capacity: capacity)
        let start = MonotonicClock().nowNanos()
        let producer = FlowThread {
            var value = 0
            while value < count {
                if buffer.push(value) { value += 1 } else { sched_yield() }
            }
        }
        var received = 0
        var checksum = 0
        while received < count {
            if let value = buffer.pop() {
                checksum &+= value
                received += 1
            } else {
                sched_yield()
            }
        }
        producer.join()
        return (rate(count, since: start), checksum)
    }

    static func mutexRingTransfersPerSecond(count: Int, capacity: Int) -> (rate: Double, checksum: Int) {
        let buffer = RingBuffer<Int>(capacity: capacity)
        let start = MonotonicClock().nowNanos()
        let producer = FlowThread {
            var value = 0
            while value < count {
                if buffer.push(value) { value += 1 } else { sched_yield() }
            }
        }
        var received = 0
        var checksum = 0
        while received < count {
            if let value = buffer.pop() {
                checksum &+= value
                received += 1
            } else {
                sched_yield()
            }
        }
        producer.join()
        return (rate(count, since: start), checksum)
    }

    static func mutexArrayTransfersPerSecond(count: Int, capacity: Int) -> (rate: Double, checksum: Int) {
        // The textbook shared queue: a Swift Array behind a Mutex, appended at the back and read from a
        // moving head index that is compacted when half the array is consumed.
        struct ArrayQueue { var items: [Int] = []; var head = 0 }
        let queue = Mutex(ArrayQueue())
        let start = MonotonicClock().nowNanos()
        let producer = FlowThread {
            var value = 0
            while value < count {
                let pushed = queue.withLock { queue -> Bool in
                    guard queue.items.count - queue.head < capacity else { return false }
                    queue.items.append(value)
                    return true
                }
                if pushed { value += 1 } else { sched_yield() }
            }
        }
        var received = 0
        var checksum = 0
        while received < count {
            let value = queue.withLock { queue -> Int? in
                guard queue.head < queue.items.count else { return nil }
                let value = queue.items[queue.head]
                queue.head += 1
                if queue.head >= 4_096 && queue.head * 2 >= queue.items.count {
                    queue.items.removeFirst(queue.head)
                    queue.head = 0
                }
                return value
            }
            if let value {
                checksum &+= value
                received += 1
            } else {
                sched_yield()
            }
        }
        producer.join()
        return (rate(count, since: start), checksum)
    }

    static func blockingQueueTransfersPerSecond(count: Int, capacity: Int) -> (rate: Double, checksum: Int) {
        let queue = BoundedQueue<Int>(capacity: capacity, policy: .block)
        let start = MonotonicClock().nowNanos()
        let producer = FlowThread {
            for value in 0..<count { _ = queue.offer(value) }
        }
        var checksum = 0
        for _ in 0..<count { checksum &+= queue.take()! }
        producer.join()
        return (rate(count, since: start), checksum)
    }

    static func asyncStreamTransfersPerSecond(count: Int) async -> (rate: Double, checksum: Int) {
        let (stream, continuation) = AsyncStream<Int>.makeStream(bufferingPolicy: .unbounded)
        let start = MonotonicClock().nowNanos()
        let producer = FlowThread {
            for value in 0..<count { continuation.yield(value) }
            continuation.finish()
        }
        var checksum = 0
        var received = 0
        for await value in stream {
            checksum &+= value
            received += 1
        }
        producer.join()
        precondition(received == count)
        return (rate(count, since: start), checksum)
    }

    static func rate(_ count: Int, since start: UInt64) -> Double {
        Double(count) * 1e9 / Double(MonotonicClock().nowNanos() - start)
    }
}
