import XCTest
@testable import Flow

final class PartitioningTests: XCTestCase {
    func testMurmur2MatchesTheJavaClient() {
        // Values asserted by Apache Kafka's UtilsTest for Utils.murmur2 (Java ints).
        let vectors: [(String, Int32)] = [
            ("21", -973_932_308), ("foobar", -790_332_482), ("a-little-bit-long-string", -985_981_536),
            ("a-little-bit-longer-string", -1_486_304_829),
            ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971), ("abc", 479_470_107),
        ]
        for (text, expected) in vectors {
            XCTAssertEqual(Int32(bitPattern: Murmur2.hash(Array(text.utf8))), expected, text)
        }
    }

    func testKeysLandWhereJavaKafkaPythonAndAiokafkaPutThem() {
        // research/kafka-protocol-map.md §3: partitions over 3 / 6 / 12 for keys hashed by the Java client.
        let table: [(String, [Int])] = [("", [0, 3, 9]), ("a", [1, 4, 4]), ("key1", [2, 2, 8]), ("user-42", [1, 4, 4]), ("hello", [0, 3, 9])]
        for (key, expected) in table {
            let got = [3, 6, 12].map { ModuloPartitioner(partitionCount: $0).partition(forKey: Array(key.utf8)) }
            XCTAssertEqual(got, expected, "partitions of \"\(key)\" over 3/6/12")
        }
    }

    func testModuloPartitionerUsesThePositiveHash() {
        // murmur2("21") = -973932308 → & 0x7fffffff = 1173551340 → % 12 = 0, % 13 = 9.
        XCTAssertEqual(ModuloPartitioner(partitionCount: 12).partition(forKey: Array("21".utf8)), 1_173_551_340 % 12)
        XCTAssertEqual(ModuloPartitioner(partitionCount: 13).partition(forKey: Array("21".utf8)), 1_173_551_340 % 13)
    }

    func testGrowingFromTwelveToThirteenPartitionsMovesFewKeysOnTheRing() {
        let report = PartitionMoveReport.measure(keyCount: 50_000)
        // hash % n keeps a key only when h % 12 == h % 13: about 12 of every 156 residues → ~92.3 % move.
        XCTAssertEqual(report.movedFractionWithModulo, 12.0 / 13.0, accuracy: 0.01)
        // The ring moves about 1/13 (7.7 %) of keys, and only to the new partition.
        XCTAssertEqual(report.movedFractionWithRing, 1.0 / 13.0, accuracy: 0.03)
        XCTAssertEqual(report.ringMovesToNewPartitions, report.movedWithRing)
        XCTAssertEqual(report.ringKeysPerPartition.reduce(0, +), 50_000)
        XCTAssertEqual(report.ringKeysPerPartition[12], report.movedWithRing)
    }

    func testRemovingANodeMovesOnlyItsKeys() {
        var ring = ConsistentHashRing(nodes: ["a", "b", "c", "d"], virtualNodesPerNode: 100)
        let keys = (0..<5_000).map { Array("k\($0)".utf8) }
        let before = keys.map { ring.node(forKey: $0) }
        ring.remove("c")
        for (key, owner) in zip(keys, before) where owner != "c" {
            XCTAssertEqual(ring.node(forKey: key), owner)
        }
        XCTAssertFalse(keys.contains { ring.node(forKey: $0) == "c" })
    }
}
