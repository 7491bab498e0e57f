import XCTest
import Glibc
@testable import Records
@testable import Storage

/// A fresh directory under /tmp, removed with everything in it when the test ends.
final class TemporaryDirectory {
    let path: String

    init() {
        var template = Array("/tmp/ringlog-storage-XXXXXX".utf8CString)
        path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }

    deinit { Self.removeTree(path) }

    static func removeTree(_ path: String) {
        guard let names = try? FileIO.list(path) else { unlink(path); return }
        for name in names { removeTree(path + "/" + name) }
        rmdir(path)
    }
}

enum Batches {
    /// A batch of `count` records whose values say which batch and record they are.
    static func make(tag: Int, count: Int = 3, valueBytes: Int = 20, timestamp: Int64 = 1_000) -> [UInt8] {
        var builder = RecordBatchBuilder(baseTimestamp: timestamp)
        for i in 0..<count {
            let label = Array("b\(tag)r\(i)".utf8)
            builder.append(key: label, value: label + [UInt8](repeating: UInt8(tag % 256), count: valueBytes), timestamp: timestamp + Int64(i))
        }
        return builder.build()
    }

    /// The keys of every record in `bytes` (concatenated whole batches), with their offsets.
    static func decode(_ bytes: [UInt8]) throws -> [(offset: Int64, key: String)] {
        try bytes.withUnsafeBytes { raw in
            try RecordBatchScanner.batches(in: raw).flatMap { range -> [(offset: Int64, key: String)] in
                let (header, records) = try RecordBatchReader.records(in: UnsafeRawBufferPointer(rebasing: raw[range]))
                return records.map { (header.baseOffset + Int64($0.offsetDelta), String(decoding: $0.key ?? [], as: UTF8.self)) }
            }
        }
    }
}

extension PartitionLog {
    @discardableResult
    func append(_ bytes: [UInt8]) throws -> AppendResult {
        var copy = bytes
        return try copy.withUnsafeMutableBytes { try append($0) }
    }

    func readAll(from offset: Int64 = 0) throws -> [UInt8] {
        try read(from: offset, maxBytes: .max).bytes()
    }
}
