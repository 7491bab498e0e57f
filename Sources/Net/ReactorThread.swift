import Glibc

/// A joinable POSIX thread running one closure. (Foundation's `Thread` is not in
/// FoundationEssentials, and Dispatch threads cannot be joined.)
struct JoinableThread {
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    private let handle: pthread_t

    init(_ run: @escaping () -> Void) {
        let body = Unmanaged.passRetained(Body(run)).toOpaque()
        var handle = pthread_t()
        let rc = pthread_create(&handle, nil, { raw in
            Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue().run()
            return nil
        }, body)
        precondition(rc == 0, "pthread_create failed: \(rc)")
        self.handle = handle
    }

    func detach() {
        pthread_detach(handle)
    }

    func join() {
        let rc = pthread_join(handle, nil)
        precondition(rc == 0, "pthread_join failed: \(rc)")
    }
}
