import Glibc

/// Why the server could not start (or a test client could not connect). Described in words, with
/// the system's text for the errno, so a start-up failure reads as a sentence in the log.
public enum NetError: Error, Equatable, CustomStringConvertible {
    /// Setting up the listening socket on `address` ("host:port") failed in `call`.
    case cannotListen(address: String, call: String, errno: Int32)
    /// Any other system call failed.
    case system(call: String, errno: Int32)
    /// The host is not a numeric IPv4/IPv6 address (nor "localhost"), or the port is out of range.
    case invalidAddress(String)

    public var description: String {
        switch self {
        case .cannotListen(let address, let call, let code):
            return "cannot listen on \(address): \(Self.text(of: code)) (\(call), errno \(code))"
        case .system(let call, let code):
            return "\(call) failed: \(Self.text(of: code)) (errno \(code))"
        case .invalidAddress(let address):
            return "invalid listen address \"\(address)\": expected a numeric IPv4 or IPv6 host (or localhost) and a port in 0...65535"
        }
    }

    /// The C library's text for an errno ("Address already in use").
    static func text(of code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return String(cString: text)
    }
}
