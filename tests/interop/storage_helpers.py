"""Helpers for the storage tests: topics with configs, acked produce, segment files parsed in Python."""
import os
import struct
import time

from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import NewTopic

import ck_helpers
from kafka_wire import crc32c

FLUSH_TIMEOUT_S = 30
WAIT_POLL_S = 0.05
BATCH_HEADER_BYTES = 61


def create_topic_with_configs(bootstrap, topic, configs, partitions=1):
    client = ck_helpers.admin(bootstrap)
    futures = client.create_topics([NewTopic(topic, num_partitions=partitions, replication_factor=1, config=configs)],
                                   operation_timeout=ck_helpers.ADMIN_TIMEOUT_S)
    futures[topic].result(ck_helpers.ADMIN_TIMEOUT_S)


def produce_acked(bootstrap, topic, items, **conf):
    """Produces (key, value) pairs in small batches (so small segments roll) and returns the acked offsets."""
    offsets = []
    errors = []

    def on_delivery(err, msg):
        (errors if err else offsets).append(err or msg.offset())

    settings = {"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 0, "batch.num.messages": 5,
                "on_delivery": on_delivery}
    settings.update(conf)
    producer = Producer(settings)
    for key, value in items:
        producer.produce(topic, key=key, value=value)
        producer.poll(0)
    assert producer.flush(FLUSH_TIMEOUT_S) == 0
    assert errors == [], errors
    return offsets


def wait_until(condition, timeout_s, what):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(WAIT_POLL_S)
    raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")


def partition_dir(broker, topic, partition=0):
    return os.path.join(broker.data_dir, f"{topic}-{partition}")


def segment_files(directory):
    return sorted(name for name in os.listdir(directory) if name.endswith(".log"))


def parse_segment(path):
    """Every batch of a segment file as (base_offset, last_offset, record_count, crc_ok); raises on a
    length that runs past the file (a torn tail must have been truncated by recovery)."""
    with open(path, "rb") as f:
        data = f.read()
    batches = []
    position = 0
    while position < len(data):
        assert len(data) - position >= BATCH_HEADER_BYTES, f"{path}: partial header at {position}"
        base_offset, batch_length = struct.unpack_from(">qi", data, position)
        end = position + 12 + batch_length
        assert end <= len(data), f"{path}: batch at {position} runs past the end"
        magic = data[position + 16]
        stored_crc, = struct.unpack_from(">I", data, position + 17)
        last_delta, = struct.unpack_from(">i", data, position + 23)
        record_count, = struct.unpack_from(">i", data, position + 57)
        assert magic == 2, f"{path}: magic {magic} at {position}"
        batches.append((base_offset, base_offset + last_delta, record_count, crc32c(data[position + 21:end]) == stored_crc))
        position = end
    return batches


def consumer(bootstrap, **extra):
    conf = {"bootstrap.servers": bootstrap, "group.id": "storage-tests", "enable.auto.commit": False,
            "enable.partition.eof": False}
    conf.update(extra)
    return Consumer(conf)


def read_all(bootstrap, topic, expected, timeout_s=30, partition=0):
    """Reads from the earliest offset until `expected` messages came (plus a short look for more)."""
    c = consumer(bootstrap, **{"auto.offset.reset": "earliest"})
    try:
        c.assign([TopicPartition(topic, partition, -2)])
        messages = []
        deadline = time.monotonic() + timeout_s
        while len(messages) < expected and time.monotonic() < deadline:
            for m in c.consume(num_messages=10_000, timeout=0.3):
                assert m.error() is None, m.error()
                messages.append(m)
        for m in c.consume(num_messages=10_000, timeout=0.3):
            assert m.error() is None, m.error()
            messages.append(m)
        return messages
    finally:
        c.close()
