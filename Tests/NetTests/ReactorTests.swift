import Dispatch
import Glibc
import XCTest
@testable import Net

final class ReactorTests: XCTestCase {
    func testTimersFireInDeadlineOrderAndCancelledOnesDoNot() throws {
        let server = try startedServer(echoHandler())
        defer { server.stop() }
        let reactor = server.reactors[0]
        let fired = Recorder<String>()
        let done = expectation(description: "last timer")
        // From a foreign thread. Gaps are wide so a late-running execute (loaded machine) keeps the order.
        reactor.schedule(afterMilliseconds: 300) { fired.append("300") }
        let cancelled = reactor.schedule(afterMilliseconds: 20) { fired.append("cancelled") }
        reactor.schedule(afterMilliseconds: 10) { fired.append("10") }
        reactor.cancel(cancelled)
        // From the reactor's own thread, including two with the same deadline.
        reactor.execute {
            XCTAssertTrue(reactor.isCurrentThread)
            reactor.schedule(afterMilliseconds: 50) { fired.append("50a") }
            reactor.schedule(afterMilliseconds: 50) { fired.append("50b") }
            let dropped = reactor.schedule(afterMilliseconds: 60) { fired.append("dropped") }
            reactor.cancel(dropped)
            reactor.schedule(afterMilliseconds: 100) { fired.append("100") }
            reactor.schedule(afterMilliseconds: 400) {
                XCTAssertTrue(reactor.isCurrentThread)
                done.fulfill()
            }
        }
        wait(for: [done], timeout: 5)
        XCTAssertEqual(fired.all, ["10", "50a", "50b", "100", "300"])
        XCTAssertFalse(reactor.isCurrentThread)
    }

    func testExecuteRunsOnTheReactorThreadInOrder() throws {
        let server = try startedServer(echoHandler())
        defer { server.stop() }
        let ran = Recorder<Int>()
        let done = expectation(description: "all ran")
        let reactor = server.reactors[1]
        for step in 0..<100 {
            reactor.execute {
                XCTAssertTrue(reactor.isCurrentThread)
                ran.append(step)
                if step == 99 { done.fulfill() }
            }
        }
        wait(for: [done], timeout: 5)
        XCTAssertEqual(ran.all, Array(0..<100))
    }

    func testResponderReactorIsTheConnectionsThread() throws {
        let onReactor = Recorder<Bool>()
        let server = try startedServer(ClosureHandler { frame, _, responder in
            onReactor.append(responder.reactor.isCurrentThread)
            responder.reactor.schedule(afterMilliseconds: 5) { responder.send([.bytes(framed(frame))]) }
        })
        defer { server.stop() }
        let client = try TestClient(port: server.boundPort)
        client.sendFrame([5])
        XCTAssertEqual(client.readFrame(), [5])
        XCTAssertEqual(onReactor.all, [true])
    }

    func testConnectionsAreSpreadOverReactors() throws {
        let reactorIndexes = Recorder<Int>()
        var server: TCPServer!
        server = try startedServer(ClosureHandler { frame, _, responder in
            let index = server.reactors.firstIndex { $0 === responder.reactor }!
            reactorIndexes.append(index)
            responder.send([.bytes(framed(frame))])
        })
        defer { server.stop() }
        let clients = try (0..<4).map { _ in try TestClient(port: server.boundPort) }
        for client in clients {
            client.sendFrame([1])
            XCTAssertEqual(client.readFrame(), [1])
        }
        XCTAssertEqual(reactorIndexes.all.sorted(), [0, 0, 1, 1])
    }
}
