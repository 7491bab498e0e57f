import Dispatch
import Glibc
import XCTest
@testable import Net

final class LifecycleTests: XCTestCase {
    func testStopJoinsEveryThreadAndClosesEveryDescriptorFiftyTimes() throws {
        // Warm up once so lazily opened runtime descriptors are not counted as leaks.
        try startedServer(echoHandler()).stop()
        let fdsBefore = openFileDescriptorCount()
        let threadsBefore = threadCount()
        for round in 0..<50 {
            let server = try startedServer(echoHandler())
            let client = try TestClient(port: server.boundPort)
            client.sendFrame([UInt8(round)])
            XCTAssertEqual(client.readFrame(), [UInt8(round)])
            server.stop()
            XCTAssertTrue(client.seesClose())
            server.stop()   // idempotent
        }
        XCTAssertEqual(openFileDescriptorCount(), fdsBefore)
        // <=: idle Dispatch workers from earlier tests may exit meanwhile; a leak would only add.
        XCTAssertLessThanOrEqual(threadCount(), threadsBefore)
    }

    func testServerThatNeverStartedStopsCleanly() throws {
        let fdsBefore = openFileDescriptorCount()
        let server = try TCPServer(config: ServerConfig(port: 0, reactorCount: 3), handler: echoHandler())
        XCTAssertGreaterThan(server.boundPort, 0)
        server.stop()
        XCTAssertEqual(openFileDescriptorCount(), fdsBefore)
    }

    func testWaitUntilStoppedReturnsAfterStopFromAnotherThread() throws {
        let server = try startedServer(echoHandler())
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(20)) { server.stop() }
        server.waitUntilStopped()
        XCTAssertThrowsError(try TestClient(port: server.boundPort), "listener closed")
    }

    func testConnectionsBeyondTheMaximumAreClosed() throws {
        let server = try startedServer(echoHandler()) { $0.connectionsMax = 2 }
        defer { server.stop() }
        let first = try TestClient(port: server.boundPort)
        let second = try TestClient(port: server.boundPort)
        first.sendFrame([1])
        second.sendFrame([2])
        XCTAssertEqual(first.readFrame(), [1])
        XCTAssertEqual(second.readFrame(), [2])
        let third = try TestClient(port: server.boundPort)
        XCTAssertTrue(third.seesClose())
    }

    func testIdleConnectionIsClosedAfterTheTimeout() throws {
        let server = try startedServer(echoHandler()) { $0.idleTimeoutMs = 100 }
        defer { server.stop() }
        let client = try TestClient(port: server.boundPort)
        client.sendFrame([1])
        XCTAssertEqual(client.readFrame(), [1])
        XCTAssertTrue(client.seesClose())
    }

    func testBindingAnInvalidHostThrows() {
        XCTAssertThrowsError(try TCPServer(config: ServerConfig(host: "not an address", port: 0), handler: echoHandler())) {
            XCTAssertEqual($0 as? NetError, .invalidAddress("not an address"))
        }
    }

    func testBindingAPortInUseThrowsAddressInUse() throws {
        let server = try startedServer(echoHandler())
        defer { server.stop() }
        XCTAssertThrowsError(try TCPServer(config: ServerConfig(port: server.boundPort), handler: echoHandler())) {
            XCTAssertEqual($0 as? NetError, .cannotListen(address: "127.0.0.1:\(server.boundPort)", call: "bind", errno: EADDRINUSE))
        }
    }
}
