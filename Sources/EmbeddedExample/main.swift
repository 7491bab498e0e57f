import Storage

// Open (or create) a data directory: the same layout `ringlog serve` uses.
let store = try LogStore(directory: "/tmp/ringlog-embedded-example", defaults: LogConfig())
defer { store.close() }
if store.topic(named: "events") == nil {
    _ = try store.createTopic(name: "events", partitionCount: 1, configs: ["retention.ms": "604800000"])
}
let events = store.partition(topic: "events", index: 0)!

// Append: one batch, on disk (fdatasync) when append returns.
let appended = try events.append(records: [
    (key: Array("user-1".utf8), value: Array("signed up".utf8)),
    (key: Array("user-2".utf8), value: Array("logged in".utf8)),
])
print("appended offsets \(appended.baseOffset)...\(appended.lastOffset)")

// Commit and fetch a group's offset, stored in __consumer_offsets as the broker stores it.
let offsets = try GroupOffsets(store: store)
let start = offsets.committedOffset(group: "mailer", topic: "events", partition: 0) ?? events.logStartOffset

// Read by offset: every record from where the group left off.
for record in try events.records(from: start) {
    print(record.offset, String(decoding: record.key ?? [], as: UTF8.self), String(decoding: record.value ?? [], as: UTF8.self))
}
try offsets.commit(events.logEndOffset, group: "mailer", topic: "events", partition: 0)
print("mailer will resume at offset \(offsets.committedOffset(group: "mailer", topic: "events", partition: 0)!)")
