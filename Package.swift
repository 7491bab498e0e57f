// swift-tools-version:6.0
// Ringlog: a Kafka-compatible streaming log. One module per concern; dependencies point one way
// (see docs/architecture.md).
import PackageDescription

let package = Package(
    name: "Ringlog",
    products: [
        .executable(name: "ringlog", targets: ["ringlog"]),
        .library(name: "Storage", targets: ["Storage"]),
        .library(name: "Flow", targets: ["Flow"]),
    ],
    targets: [
        // C: CRC-32C with SSE4.2 and a portable fallback.
        .target(name: "CRC32C"),
        // C: Linux calls Glibc's Swift module lacks (epoll, eventfd, accept4, ...).
        .target(name: "CSystem"),
        // Debian's compression libraries (apt: zlib1g-dev libsnappy-dev liblz4-dev libzstd-dev),
        // for reading and rewriting compressed batches (compaction, embedded reads).
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CSnappy", providers: [.apt(["libsnappy-dev"])]),
        .systemLibrary(name: "CLZ4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CZstd", providers: [.apt(["libzstd-dev"])]),
        // The record batch format (magic 2): the unit the log stores and the wire carries.
        .target(name: "Records", dependencies: ["CRC32C", "CZlib", "CSnappy", "CLZ4", "CZstd"]),
        // The Kafka wire protocol: framing, headers, one file per message.
        .target(name: "Wire", exclude: ["Generator"]),
        // Ring buffers, jitter buffer, pipelines, backpressure, histograms.
        .target(name: "Flow"),
        // Segmented partition logs on disk.
        .target(name: "Storage", dependencies: ["Records", "Flow", "CSystem"]),
        // epoll reactors, connections, framing, in-order responses.
        .target(name: "Net", dependencies: ["CSystem"]),
        // Kafka API handlers: where a request goes.
        .target(name: "Broker", dependencies: ["Wire", "Records", "Storage", "Flow", "Net"]),
        // Producer, consumer, admin on our own codec: the CLI's tools and Swift apps use it.
        .target(name: "Client", dependencies: ["Wire", "Records", "Flow"]),
        .executableTarget(name: "ringlog", dependencies: ["Broker", "Client", "Flow", "Storage"]),
        .executableTarget(name: "FlowBench", dependencies: ["Flow"]),
        // The embedded-use example of the README, compiled as is (a test checks the two agree).
        .executableTarget(name: "EmbeddedExample", dependencies: ["Storage", "Records"]),

        .testTarget(name: "RecordsTests", dependencies: ["Records"]),
        .testTarget(name: "WireTests", dependencies: ["Wire"]),
        .testTarget(name: "FlowTests", dependencies: ["Flow"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "Records"]),
        .testTarget(name: "NetTests", dependencies: ["Net"]),
        .testTarget(name: "ClientTests", dependencies: ["Client", "Broker", "Flow", "Wire", "Records"]),
        .testTarget(name: "BrokerTests", dependencies: ["Broker", "Wire", "Records", "Storage"]),
    ],
    swiftLanguageModes: [.v5]
)
