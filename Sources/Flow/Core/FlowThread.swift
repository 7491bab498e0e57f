import Glibc

/// A joinable OS thread. Pipelines give each stage its own thread so a slow stage cannot steal
/// another stage's time slice the way tasks on a shared executor can.
public final class FlowThread: @unchecked Sendable {
    private var handle: pthread_t
    private var joined = false

    private final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Starts `body` on a new thread.
    public init(_ body: @escaping () -> Void) {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.body()
            return nil
        }, box)
        precondition(result == 0, "pthread_create failed: \(result)")
        handle = thread
    }

    /// Waits for the thread to finish. Call it from one thread; calling it twice is allowed.
    public func join() {
        guard !joined else { return }
        pthread_join(handle, nil)
        joined = true
    }

    deinit {
        // Never joined: let the OS reclaim the thread when it ends instead of leaking its record.
        if !joined { pthread_detach(handle) }
    }
}
