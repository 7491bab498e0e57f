/// Thrown when bytes from the network do not form a valid message. Decoding never traps on bad input:
/// every length and count is checked against the bytes that are actually there.
public struct WireError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "WireError: \(message)" }
}
