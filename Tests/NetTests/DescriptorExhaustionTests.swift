import Dispatch
import Glibc
import XCTest
@testable import Net

/// The tester's report: after the process ran out of descriptors, clients waited behind the backlog
/// until some later connection brought a new listener edge. Sockets are made before the
/// descriptors run out, because connecting one needs no new descriptor.
final class DescriptorExhaustionTests: XCTestCase {
    static let headroom = 40
    static let receiveTimeoutMs = 3000

    func testClientsArrivingWhileDescriptorsAreExhaustedAreClosedRatherThanLeftWaiting() throws {
        let log = Recorder<String>()
        let server = try startedServer(echoHandler()) {
            $0.reactorCount = 1
            $0.log = { log.append($0) }
        }
        defer { server.stop() }
        try assertAnswered(server)

        try withDescriptorHeadroom(Self.headroom) {
            let lateSockets = try (0..<8).map { _ in try unconnectedSocket() }
            let holders = try (0..<4).map { round -> TestClient in
                let client = try TestClient(port: server.boundPort)
                client.sendFrame([UInt8(round)])
                XCTAssertEqual(client.readFrame(), [UInt8(round)])
                return client
            }
            let filler = DescriptorFiller()
            XCTAssertEqual(filler.lastErrno, EMFILE, "the lowered limit should have been reached")

            let late = try lateSockets.map {
                try TestClient(connecting: $0, port: server.boundPort, receiveTimeoutMs: Self.receiveTimeoutMs)
            }
            for client in late { client.sendFrame([9]) }
            for (index, client) in late.enumerated() {
                XCTAssertEqual(client.reply(), .closed, "late client \(index)")
            }
            withExtendedLifetime((holders, late, filler)) {}
        }

        let warnings = log.all.filter { $0.contains("Too many open files") }
        // Eight failures within a second make one line (two if the machine stalled at the boundary).
        XCTAssertTrue((1...2).contains(warnings.count), "\(warnings)")
        XCTAssertTrue(warnings.allSatisfy { $0.hasPrefix("accept4 failed") }, "no prefix of Net's own: \(warnings)")
        // Descriptors are back: the next client is answered at once.
        try assertAnswered(server)
    }

    func testAcceptingResumesWhenAConnectionClosesEvenWithoutTheReserve() throws {
        let log = Recorder<String>()
        let server = try startedServer(echoHandler()) {
            $0.reactorCount = 1
            $0.log = { log.append($0) }
        }
        defer { server.stop() }
        try assertAnswered(server)

        try withDescriptorHeadroom(Self.headroom) {
            let stuckSockets = try (0..<4).map { _ in try unconnectedSocket() }
            var holder: TestClient? = try TestClient(port: server.boundPort)
            holder?.sendFrame([1])
            XCTAssertEqual(holder?.readFrame(), [1])
            // As if another thread had taken the reserve's number while it was released.
            let acceptor = server.reactors[0]
            let released = DispatchSemaphore(value: 0)
            acceptor.execute {
                _ = acceptor.reserve.release()
                released.signal()
            }
            XCTAssertEqual(released.wait(timeout: .now() + 5), .success)
            let filler = DescriptorFiller()
            XCTAssertEqual(filler.lastErrno, EMFILE)

            let stuck = try stuckSockets.map {
                try TestClient(connecting: $0, port: server.boundPort, receiveTimeoutMs: Self.receiveTimeoutMs)
            }
            for client in stuck { client.sendFrame([5]) }
            // Accepting has stalled: no descriptor, no reserve, and no new edge will come.
            XCTAssertTrue(eventually { log.all.contains { $0.contains("Too many open files") } })

            holder = nil   // frees its descriptor here and, once the server sees EOF, the server's
            for (index, client) in stuck.enumerated() {
                let reply = client.reply()
                XCTAssertTrue(reply == .frame([5]) || reply == .closed, "stuck client \(index): \(reply)")
            }
            withExtendedLifetime((stuck, filler)) {}
        }
        try assertAnswered(server)
    }

    /// A new client gets its echo within the receive timeout.
    private func assertAnswered(_ server: TCPServer, file: StaticString = #filePath, line: UInt = #line) throws {
        let client = try TestClient(port: server.boundPort, receiveTimeoutMs: Self.receiveTimeoutMs)
        client.sendFrame([42])
        XCTAssertEqual(client.reply(), .frame([42]), file: file, line: line)
    }
}
