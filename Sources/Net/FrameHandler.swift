/// What the server does with each request frame. Net knows only the 4-byte size prefix; the handler
/// owns everything after it.
public protocol FrameHandler: AnyObject, Sendable {
    /// Called on the connection's reactor thread for each complete frame (the bytes after the size
    /// prefix), in arrival order. Complete `responder` exactly once, now or later, from any thread.
    /// Do not block here: the reactor serves every other connection pinned to it.
    func handle(frame: [UInt8], connection: ConnectionInfo, responder: Responder)

    /// Called on the reactor thread once the connection is closed (by either side or by `stop()`).
    func connectionClosed(_ connection: ConnectionInfo)
}

extension FrameHandler {
    public func connectionClosed(_ connection: ConnectionInfo) {}
}
