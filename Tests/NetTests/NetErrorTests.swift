import Glibc
import XCTest
@testable import Net

final class NetErrorTests: XCTestCase {
    func testPortInUseReadsAsASentenceWithTheAddress() throws {
        let server = try startedServer(echoHandler())
        defer { server.stop() }
        XCTAssertThrowsError(try TCPServer(config: ServerConfig(port: server.boundPort), handler: echoHandler())) {
            XCTAssertEqual("\($0)", "cannot listen on 127.0.0.1:\(server.boundPort): Address already in use (bind, errno \(EADDRINUSE))")
        }
    }

    func testInvalidHostNamesTheAddress() {
        XCTAssertThrowsError(try TCPServer(config: ServerConfig(host: "not an address", port: 0), handler: echoHandler())) {
            XCTAssertTrue("\($0)".hasPrefix("invalid listen address \"not an address\""), "\($0)")
        }
    }

    func testSystemFailureCarriesTheErrnoText() {
        XCTAssertEqual(NetError.system(call: "eventfd", errno: EMFILE).description,
                       "eventfd failed: Too many open files (errno \(EMFILE))")
    }

    func testIPv6AddressesAreBracketed() {
        XCTAssertEqual(SocketAddress.text(host: "::1", port: 9092), "[::1]:9092")
        XCTAssertEqual(SocketAddress.text(host: "[::1]", port: 9092), "[::1]:9092")
        XCTAssertEqual(SocketAddress.text(host: "", port: 9092), "0.0.0.0:9092")
    }
}
