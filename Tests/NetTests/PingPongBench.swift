import Dispatch
import Glibc
import XCTest
@testable import Net

/// Throughput, not a test: runs only with RINGLOG_NET_BENCH=1, prints, asserts only correctness.
///   RINGLOG_NET_BENCH=1 swift test -c release --scratch-path .build-reltest --filter PingPongBench
final class PingPongBench: XCTestCase {
    func testPingPongThroughput() throws {
        try XCTSkipIf(ProcessInfo.processInfo.environment["RINGLOG_NET_BENCH"] == nil, "set RINGLOG_NET_BENCH=1")
        let server = try startedServer(echoHandler())
        defer { server.stop() }
        let frame = [UInt8](repeating: 0x5A, count: 128)
        for (connections, depth) in [(1, 1), (16, 1), (1, 32), (4, 32)] {
            let perSecond = try measure(port: server.boundPort, connections: connections, depth: depth, frame: frame, seconds: 2)
            print("net ping-pong: \(connections) conn x depth \(depth), 128 B frames: \(perSecond) requests/s")
        }
    }

    /// Each connection has its own thread keeping `depth` requests outstanding.
    private func measure(port: Int, connections: Int, depth: Int, frame: [UInt8], seconds: Double) throws -> Int {
        let clients = try (0..<connections).map { _ in try TestClient(port: port) }
        let completed = Recorder<Int>()
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        let request = framed(frame)
        let start = DispatchTime.now().uptimeNanoseconds
        DispatchQueue.concurrentPerform(iterations: connections) { index in
            let client = clients[index]
            var done = 0
            client.send(Array([[UInt8]](repeating: request, count: depth).joined()))
            while DispatchTime.now().uptimeNanoseconds < deadline {
                guard client.read(count: request.count) != nil else { break }
                done += 1
                client.send(request)
            }
            for _ in 0..<depth { _ = client.read(count: request.count) }
            completed.append(done)
        }
        let elapsedNs = DispatchTime.now().uptimeNanoseconds - start
        let total = completed.all.reduce(0, +)
        XCTAssertGreaterThan(total, 0)
        return Int(Double(total) / (Double(elapsedNs) / 1e9))
    }
}
