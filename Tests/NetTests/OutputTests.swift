import Glibc
import XCTest
@testable import Net

final class OutputTests: XCTestCase {
    /// Stands in for a log segment: owns the fd and closes it when released.
    final class OpenFile {
        let fd: Int32
        init(fd: Int32) { self.fd = fd }
        deinit { close(fd) }
    }

    func testFileChunkDeliversTheFileBytesExactly() throws {
        let path = NSTemporaryDirectory() + "ringlog-net-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let contents = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) }
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(contents)))
        defer { unlink(path) }
        let fileOffset = 1234
        let fileCount = 150_000
        weak var weakFile: OpenFile?

        let server = try startedServer(ClosureHandler { frame, _, responder in
            let file = OpenFile(fd: open(path, O_RDONLY | O_CLOEXEC))
            weakFile = file
            // Size prefix + a 2-byte header in memory, then the file range.
            let head = sizePrefix(2 + fileCount) + [0xCA, 0xFE]
            responder.send([.bytes(head), .file(fd: file.fd, offset: Int64(fileOffset), count: fileCount, owner: file)])
        })
        defer { server.stop() }
        let client = try TestClient(port: server.boundPort)
        client.sendFrame([0])
        let body = try XCTUnwrap(client.readFrame())
        XCTAssertEqual(body.count, 2 + fileCount)
        XCTAssertEqual(Array(body[0..<2]), [0xCA, 0xFE])
        XCTAssertEqual(Array(body[2...]), Array(contents[fileOffset..<(fileOffset + fileCount)]))
        XCTAssertTrue(eventually { weakFile == nil }, "owner released once the bytes are sent")
    }

    func testMixedChunksOfOneResponseLeaveInOrder() throws {
        let server = try startedServer(ClosureHandler { _, _, responder in
            responder.send([.bytes([0, 0]), .bytes([]), .bytes([0, 5, 1]), .bytes([2, 3]), .bytes([4, 5])])
        })
        defer { server.stop() }
        let client = try TestClient(port: server.boundPort)
        client.sendFrame([0])
        XCTAssertEqual(client.readFrame(), [1, 2, 3, 4, 5])
    }

    func testTwentyMegabyteResponseReachesASlowReaderIntactWhileOthersAreServed() throws {
        let responseBytes = 20 << 20
        let payload = (0..<responseBytes).map { UInt8(truncatingIfNeeded: $0 ^ ($0 >> 11)) }
        let server = try startedServer(ClosureHandler { frame, _, responder in
            if frame == [1] {
                responder.send([.bytes(sizePrefix(payload.count)), .bytes(payload)])
            } else {
                responder.send([.bytes(framed(frame))])
            }
        }) { $0.reactorCount = 1 }   // one reactor: a stuck write would starve the second client
        defer { server.stop() }

        let slow = try TestClient(port: server.boundPort)
        slow.sendFrame([1])
        usleep(20_000)   // the server has filled the socket buffers by now
        let other = try TestClient(port: server.boundPort)
        other.sendFrame([7, 7])
        XCTAssertEqual(other.readFrame(), [7, 7], "the reactor keeps serving while one socket is full")

        let prefix = try XCTUnwrap(slow.read(count: 4))
        XCTAssertEqual(prefix, [0x01, 0x40, 0x00, 0x00])   // 20 MiB = 0x01400000
        // Slow: 64 KiB at a time with a pause, 320 reads.
        let body = try XCTUnwrap(slow.read(count: responseBytes, chunkBytesMax: 64 << 10, pauseEveryChunkUs: 500))
        XCTAssertTrue(body == payload)
    }
}
