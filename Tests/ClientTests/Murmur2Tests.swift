import XCTest
@testable import Client

/// Vectors from Kafka's UtilsTest.testMurmur2 and research/kafka-protocol-map.md §3.
final class Murmur2Tests: XCTestCase {
    func testHashMatchesKafkaVectors() {
        let vectors: [(String, Int32)] = [
            ("21", -973932308), ("foobar", -790332482), ("a-little-bit-long-string", -985981536),
            ("a-little-bit-longer-string", -1486304829), ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971),
            ("abc", 479470107), ("", 275646681), ("a", -1563381124), ("key1", 28543940),
            ("user-42", 1459644460), ("hello", 2132663229),
        ]
        for (key, expected) in vectors {
            XCTAssertEqual(Murmur2.hash(Array(key.utf8)), expected, "murmur2(\"\(key)\")")
        }
    }

    func testPartitionMasksTheSignBitLikeJava() {
        let table: [(String, [Int32])] = [("", [0, 3, 9]), ("a", [1, 4, 4]), ("key1", [2, 2, 8]), ("user-42", [1, 4, 4]), ("hello", [0, 3, 9])]
        for (key, expected) in table {
            let got = [3, 6, 12].map { Murmur2.partition(forKey: Array(key.utf8), partitionCount: $0) }
            XCTAssertEqual(got, expected, "partitions of \"\(key)\" over 3/6/12")
        }
    }
}
