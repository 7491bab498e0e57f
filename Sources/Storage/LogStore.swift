import FoundationEssentials
import Glibc

/// The data directory: every topic's metadata and partition logs. Layout:
/// `<data>/__topics/<topic id in hex>.json` (metadata; named by id because a 249-byte topic name
/// plus a suffix would pass the file system's 255-byte name limit) and `<data>/<name>-<partition>/`.
/// Thread-safe; topic creation and deletion are serialized.
public final class LogStore: @unchecked Sendable {
    public static let partitionCountMax = 10_000
    static let metadataDirectoryName = "__topics"
    static let metadataSuffix = ".json"
    static let temporarySuffix = ".tmp"

    public let directory: String
    public let defaults: LogConfig
    let log: (String) -> Void
    let lock = Lock()
    var entries: [String: (metadata: TopicMetadata, partitions: [PartitionLog])] = [:]
    var isClosed = false

    private var metadataDirectory: String { directory + "/" + Self.metadataDirectoryName }

    /// Loads every topic's metadata and opens (recovers) its partitions; repairs are reported to `log`.
    /// Held while open (`<data>/.lock`): see DataDirectoryLock.
    private let directoryLock: DataDirectoryLock

    public init(directory: String, defaults: LogConfig, log: @escaping (String) -> Void = { _ in }) throws {
        self.directory = directory
        self.defaults = defaults
        self.log = log
        try FileIO.makeDirectory(directory)
        // One process per data directory: a second opener fails here, before touching any file.
        directoryLock = try DataDirectoryLock(directory: directory)
        try FileIO.makeDirectory(metadataDirectory)
        for file in try FileIO.list(metadataDirectory) {
            let path = metadataDirectory + "/" + file
            if file.hasSuffix(Self.temporarySuffix) {
                try FileIO.remove(path)  // an interrupted create: the rename never happened
                continue
            }
            guard file.hasSuffix(Self.metadataSuffix) else { continue }
            let metadata: TopicMetadata
            do {
                metadata = try JSONDecoder().decode(TopicMetadata.self, from: try Self.readFile(path))
            } catch {
                log("skipping unreadable topic metadata \(path): \(error)")
                continue
            }
            let config = (try? LogConfig(topicConfigs: metadata.configs, defaults: defaults)) ?? defaults
            let partitions = try (0..<metadata.partitionCount).map {
                try PartitionLog(directory: partitionDirectory(metadata.name, $0), config: config, log: log)
            }
            entries[metadata.name] = (metadata, partitions)
        }
    }

    public var topics: [TopicMetadata] {
        lock.withLock { entries.values.map(\.metadata).sorted { $0.name < $1.name } }
    }

    public func topic(named name: String) -> TopicMetadata? {
        lock.withLock { entries[name]?.metadata }
    }

    public func partition(topic: String, index: Int) -> PartitionLog? {
        lock.withLock {
            guard let partitions = entries[topic]?.partitions, partitions.indices.contains(index) else { return nil }
            return partitions[index]
        }
    }

    /// Creates the partitions, then persists the metadata atomically (temp file, fsync, rename,
    /// fsync of the directory): a crash leaves either no topic or a whole one.
    public func createTopic(name: String, partitionCount: Int, configs: [String: String]) throws -> TopicMetadata {
        guard TopicName.isValid(name) else { throw StorageError.invalidTopic(name) }
        guard (1...Self.partitionCountMax).contains(partitionCount) else { throw StorageError.invalidPartitionCount(partitionCount) }
        let config = try LogConfig(topicConfigs: configs, defaults: defaults)
        return try lock.withLock {
            guard !isClosed else { throw StorageError.closed }
            guard entries[name] == nil else { throw StorageError.topicExists(name) }
            let metadata = TopicMetadata(name: name, id: TopicMetadata.randomID(), partitionCount: partitionCount, configs: configs)
            // Directories left by an earlier incarnation whose delete was interrupted must not come back.
            for index in 0..<partitionCount { try FileIO.removeDirectory(partitionDirectory(name, index)) }
            var partitions: [PartitionLog] = []
            do {
                for index in 0..<partitionCount {
                    partitions.append(try PartitionLog(directory: partitionDirectory(name, index), config: config, log: log))
                }
                try FileIO.syncDirectory(directory)
                try writeMetadata(metadata)
            } catch {
                for partition in partitions { partition.close() }
                for index in 0..<partitionCount { try? FileIO.removeDirectory(partitionDirectory(name, index)) }
                throw error
            }
            entries[name] = (metadata, partitions)
            return metadata
        }
    }

    /// Removes the metadata first (so a crash midway never resurrects the topic), then the data.
    public func deleteTopic(named name: String) throws {
        try lock.withLock {
            guard !isClosed else { throw StorageError.closed }
            guard let entry = entries.removeValue(forKey: name) else { throw StorageError.unknownTopic(name) }
            for partition in entry.partitions { partition.close() }
            try FileIO.remove(metadataPath(entry.metadata))
            try FileIO.syncDirectory(metadataDirectory)
            for index in 0..<entry.metadata.partitionCount { try FileIO.removeDirectory(partitionDirectory(name, index)) }
            try FileIO.syncDirectory(directory)
        }
    }

    /// Syncs and closes every partition.
    public func close() {
        let partitions: [PartitionLog] = lock.withLock {
            guard !isClosed else { return [] }
            isClosed = true
            return entries.values.flatMap(\.partitions)
        }
        for partition in partitions { partition.close() }
        directoryLock.release()
    }

    deinit { close() }

    // MARK: files

    func partitionDirectory(_ topic: String, _ index: Int) -> String {
        directory + "/" + topic + "-" + String(index)
    }

    private func metadataPath(_ metadata: TopicMetadata) -> String {
        let hexDigits = Array("0123456789abcdef".utf8)
        let hex = metadata.id.flatMap { [hexDigits[Int($0 >> 4)], hexDigits[Int($0 & 0xF)]] }
        return metadataDirectory + "/" + String(decoding: hex, as: UTF8.self) + Self.metadataSuffix
    }

    func writeMetadata(_ metadata: TopicMetadata) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes = [UInt8](try encoder.encode(metadata))
        let final = metadataPath(metadata)
        let temporary = final + Self.temporarySuffix
        let fd = try FileIO.open(temporary, flags: O_WRONLY | O_CREAT | O_TRUNC)
        do {
            try bytes.withUnsafeBytes { try FileIO.pwrite(fd, $0, at: 0) }
            try FileIO.fsync(fd)
            Glibc.close(fd)
        } catch {
            Glibc.close(fd)
            throw error
        }
        guard rename(temporary, final) == 0 else { throw StorageError.io(op: "rename \(temporary)", errno: errno) }
        try FileIO.syncDirectory(metadataDirectory)
    }

    private static func readFile(_ path: String) throws -> Data {
        let fd = try FileIO.open(path, flags: O_RDONLY)
        defer { Glibc.close(fd) }
        var bytes = [UInt8](repeating: 0, count: try FileIO.size(fd))
        let n = try bytes.withUnsafeMutableBytes { try FileIO.pread(fd, into: $0, at: 0) }
        return Data(bytes.prefix(n))
    }
}
