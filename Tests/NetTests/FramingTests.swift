import Glibc
import XCTest
@testable import Net

final class FramingTests: XCTestCase {
    func testEchoRoundTrip() throws {
        let server = try startedServer(echoHandler())
        defer { server.stop() }
        let client = try TestClient(port: server.boundPort)
        client.sendFrame([1, 2, 3, 4, 5])
        XCTAssertEqual(client.readFrame(), [1, 2, 3, 4, 5])
        client.sendFrame([])
        XCTAssertEqual(client.readFrame(), [])
    }

    func testHandlerSeesPeerAndLocalPort() throws {
        let seen = Recorder<ConnectionInfo>()
        let server = try startedServer(ClosureHandler { frame, info, responder in
            seen.append(info)
            responder.send([.bytes(framed(frame))])
        })
        defer { server.stop() }
        let client = try TestClient(port: server.boundPort)
        client.sendFrame([9])
        XCTAssertEqual(client.readFrame(), [9])
        let info = try XCTUnwrap(seen.all.first)
        XCTAssertEqual(info.peerAddress, "127.0.0.1")
        XCTAssertEqual(info.localPort, server.boundPort)
        XCTAssertGreaterThan(info.peerPort, 0)
    }

    func testFrameSplitAcrossOneByteWritesIsReassembled() throws {
        let server = try startedServer(echoHandler())
        defer { server.stop() }
        let client = try TestClient(port: server.boundPort)
        let first: [UInt8] = Array("hello, split world".utf8)
        let second: [UInt8] = [0, 255, 7]
        for byte in framed(first) + framed(second) {
            client.send([byte])
            usleep(500)   // TCP_NODELAY on the client: each byte leaves as its own segment
        }
        XCTAssertEqual(client.readFrame(), first)
        XCTAssertEqual(client.readFrame(), second)
    }

    func testOversizeAndNegativeSizePrefixesCloseTheConnectionWithoutAllocating() throws {
        let closed = Recorder<UInt64>()
        let server = try startedServer(ClosureHandler(onClose: { closed.append($0.id) }) { frame, _, responder in
            responder.send([.bytes(framed(frame))])
        })
        defer { server.stop() }
        let rssBefore = residentBytes()
        for prefix: [UInt8] in [[0x7f, 0xff, 0xff, 0xff], [0xff, 0xff, 0xff, 0xff], [0x80, 0, 0, 0]] {
            let client = try TestClient(port: server.boundPort)
            client.send(prefix + [1, 2, 3])
            XCTAssertTrue(client.seesClose(), "prefix \(prefix) should close the connection")
        }
        // Anything near 2 GiB would show; allow for test-harness noise.
        XCTAssertLessThan(residentBytes() - rssBefore, 32 << 20)
        XCTAssertTrue(eventually { closed.all.count == 3 })

        let healthy = try TestClient(port: server.boundPort)
        healthy.sendFrame([42])
        XCTAssertEqual(healthy.readFrame(), [42])
    }

    func testFrameOfExactlyRequestBytesMaxIsAcceptedAndOneMoreIsNot() throws {
        let server = try startedServer(echoHandler()) { $0.requestBytesMax = 1000 }
        defer { server.stop() }
        let client = try TestClient(port: server.boundPort)
        let largest = [UInt8](repeating: 3, count: 1000)
        client.sendFrame(largest)
        XCTAssertEqual(client.readFrame(), largest)
        client.sendFrame([UInt8](repeating: 3, count: 1001))
        XCTAssertTrue(client.seesClose())
    }

    func testLargeRequestBodyIsReadIntact() throws {
        let server = try startedServer(ClosureHandler { frame, _, responder in
            // Answer with the size and a checksum rather than echoing 5 MB back.
            let sum = frame.reduce(UInt32(0)) { $0 &+ UInt32($1) }
            let answer = withUnsafeBytes(of: UInt32(frame.count).bigEndian) { Array($0) }
                + withUnsafeBytes(of: sum.bigEndian) { Array($0) }
            responder.send([.bytes(framed(answer))])
        })
        defer { server.stop() }
        let client = try TestClient(port: server.boundPort)
        let body = (0..<(5 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        client.sendFrame(body)
        let expectedSum = body.reduce(UInt32(0)) { $0 &+ UInt32($1) }
        let answer = try XCTUnwrap(client.readFrame())
        XCTAssertEqual(answer, withUnsafeBytes(of: UInt32(body.count).bigEndian) { Array($0) }
            + withUnsafeBytes(of: expectedSum.bigEndian) { Array($0) })
    }
}
