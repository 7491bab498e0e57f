import Dispatch
import Glibc
import XCTest
@testable import Net

final class OrderingTests: XCTestCase {
    func testResponsesCompletedInReverseFromAnotherThreadLeaveInRequestOrder() throws {
        let groupSize = 8
        let lock = NSLock()
        var waiting: [([UInt8], Responder)] = []
        let server = try startedServer(ClosureHandler { frame, _, responder in
            lock.lock()
            waiting.append((frame, responder))
            let group = waiting.count == groupSize ? waiting : nil
            if group != nil { waiting = [] }
            lock.unlock()
            guard let group else { return }
            DispatchQueue.global().async {
                for (frame, responder) in group.reversed() {
                    responder.send([.bytes(framed(frame))])
                    usleep(200)
                }
            }
        })
        defer { server.stop() }
        let client = try TestClient(port: server.boundPort)
        let requestCount = 64
        var pipelined: [UInt8] = []
        for request in 0..<requestCount { pipelined += framed([UInt8(request), 0xAB]) }
        client.send(pipelined)
        for request in 0..<requestCount {
            XCTAssertEqual(client.readFrame(), [UInt8(request), 0xAB], "response \(request)")
        }
    }

    func testSendNothingReleasesItsSlotSoLaterResponsesFlow() throws {
        // Odd requests get no response; the first one completes last, from another thread.
        let server = try startedServer(ClosureHandler { frame, _, responder in
            switch frame[0] {
            case 1: DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(50)) { responder.sendNothing() }
            case let n where n % 2 == 1: responder.sendNothing()
            default: responder.send([.bytes(framed(frame))])
            }
        })
        defer { server.stop() }
        let client = try TestClient(port: server.boundPort)
        for request: UInt8 in 0..<8 { client.sendFrame([request]) }
        for expected: UInt8 in [0, 2, 4, 6] { XCTAssertEqual(client.readFrame(), [expected]) }
    }

    func testInFlightLimitStopsReadingUntilSlotsDrain() throws {
        let held = Recorder<Responder>()
        let server = try startedServer(ClosureHandler { _, _, responder in held.append(responder) }) {
            $0.inFlightRequestsPerConnectionMax = 4
        }
        defer { server.stop() }
        let client = try TestClient(port: server.boundPort)
        for request: UInt8 in 0..<10 { client.sendFrame([request]) }
        XCTAssertTrue(eventually { held.all.count == 4 })
        usleep(50_000)
        XCTAssertEqual(held.all.count, 4, "no fifth request while four are unanswered")

        for responder in held.all { responder.send([.bytes(framed([1]))]) }
        XCTAssertTrue(eventually { held.all.count == 8 })
        for responder in held.all[4..<8] { responder.sendNothing() }
        XCTAssertTrue(eventually { held.all.count == 10 })
        for responder in held.all[8...] { responder.send([.bytes(framed([2]))]) }
        for expected: UInt8 in [1, 1, 1, 1, 2, 2] { XCTAssertEqual(client.readFrame(), [expected]) }
    }

    func testCloseConnectionWritesEarlierResponsesThenCloses() throws {
        let closed = Recorder<UInt64>()
        let server = try startedServer(ClosureHandler(onClose: { closed.append($0.id) }) { frame, _, responder in
            if frame == [0xFF] {
                responder.closeConnection()
            } else {
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(20)) {
                    responder.send([.bytes(framed(frame))])
                }
            }
        })
        defer { server.stop() }
        let client = try TestClient(port: server.boundPort)
        client.sendFrame([1])
        client.sendFrame([2])
        client.sendFrame([0xFF])
        client.sendFrame([3])
        XCTAssertEqual(client.readFrame(), [1])
        XCTAssertEqual(client.readFrame(), [2])
        XCTAssertTrue(client.seesClose())
        XCTAssertTrue(eventually { closed.all.count == 1 })
    }

    func testResponderAfterCloseDoesNothingAndReleasesItsChunks() throws {
        final class Owner {}
        let held = Recorder<Responder>()
        let closed = Recorder<UInt64>()
        let server = try startedServer(ClosureHandler(onClose: { closed.append($0.id) }) { _, _, responder in
            held.append(responder)
        })
        defer { server.stop() }
        do {
            let client = try TestClient(port: server.boundPort)
            client.sendFrame([1])
            XCTAssertTrue(eventually { held.all.count == 1 })
        }   // client closes here
        XCTAssertTrue(eventually { closed.all.count == 1 })
        weak var weakOwner: Owner?
        do {
            let owner = Owner()
            weakOwner = owner
            held.all[0].send([.file(fd: -1, offset: 0, count: 10, owner: owner)])
        }
        XCTAssertTrue(eventually { weakOwner == nil }, "the dropped chunk's owner is released")
    }

    func testResponderDroppedWithoutAnswerClosesTheConnectionAfterEarlierResponses() throws {
        let logged = Recorder<String>()
        let server = try startedServer(ClosureHandler { frame, _, responder in
            if frame != [0] { responder.send([.bytes(framed(frame))]) }   // frame [0]: forgotten
        }) { $0.log = { logged.append($0) } }
        defer { server.stop() }
        let client = try TestClient(port: server.boundPort)
        client.sendFrame([1])
        client.sendFrame([0])
        client.sendFrame([2])
        XCTAssertEqual(client.readFrame(), [1])
        XCTAssertTrue(client.seesClose())
        XCTAssertTrue(logged.all.contains { $0.contains("without a response") })
    }
}
