"""Retention: the ring wraps. Old segments go by size or age, the log start offset moves, and a
consumer left behind gets OFFSET_OUT_OF_RANGE and follows auto.offset.reset."""
import os
import time

from confluent_kafka import TopicPartition

import ck_helpers
import storage_helpers as sh

# The broker checks retention often, so the tests wait tenths of a second, not minutes.
FAST_RETENTION = "log.retention.check.interval.ms=100\n"
VALUE_BYTES = 200
RETENTION_WAIT_S = 15


def values(count, start=0):
    return [(b"k%d" % i, b"%06d" % i + b"x" * VALUE_BYTES) for i in range(start, start + count)]


def test_retention_bytes_deletes_the_oldest_segments_and_moves_the_log_start(make_broker, unique_topic):
    broker = make_broker(properties=FAST_RETENTION)
    sh.create_topic_with_configs(broker.bootstrap, unique_topic,
                                 {"segment.bytes": "4096", "retention.bytes": "12288"})
    offsets = sh.produce_acked(broker.bootstrap, unique_topic, values(300))
    assert offsets == list(range(300))

    low, high = sh.wait_until(
        lambda: (lambda w: w if w[0] > 0 else None)(ck_helpers.watermarks(broker.bootstrap, unique_topic, 0)),
        RETENTION_WAIT_S, "the log start offset to move")

    assert high == 300
    directory = sh.partition_dir(broker, unique_topic)
    files = sh.segment_files(directory)
    # The first file left is named by the new log start offset; what is left is about retention.bytes.
    assert int(files[0][:-4]) == low
    kept_bytes = sum(os.path.getsize(os.path.join(directory, f)) for f in files)
    closed_bytes = kept_bytes - os.path.getsize(os.path.join(directory, files[-1]))
    first_bytes = os.path.getsize(os.path.join(directory, files[0]))
    assert kept_bytes >= 12288 and kept_bytes - first_bytes < 12288 or len(files) == 1, (kept_bytes, closed_bytes)
    messages = sh.read_all(broker.bootstrap, unique_topic, high - low)
    assert [m.offset() for m in messages] == list(range(low, high))
    assert [int(m.value()[:6]) for m in messages] == list(range(low, high))


def test_retention_ms_deletes_old_segments_after_segment_ms_rolls_them(make_broker, unique_topic):
    broker = make_broker(properties=FAST_RETENTION)
    sh.create_topic_with_configs(broker.bootstrap, unique_topic, {"segment.ms": "300", "retention.ms": "1500"})
    # Each phase is one batch (one append), so only the sleep decides where segments roll.
    one_batch = {"batch.num.messages": 1000, "linger.ms": 50}
    sh.produce_acked(broker.bootstrap, unique_topic, values(50), **one_batch)
    time.sleep(0.4)                       # past segment.ms: the next append rolls
    sh.produce_acked(broker.bootstrap, unique_topic, values(50, start=50), **one_batch)
    assert len(sh.segment_files(sh.partition_dir(broker, unique_topic))) == 2

    low, high = sh.wait_until(
        lambda: (lambda w: w if w[0] > 0 else None)(ck_helpers.watermarks(broker.bootstrap, unique_topic, 0)),
        RETENTION_WAIT_S, "the first segment to expire")

    # Only the closed segment went; the active one (the last 50 records) stays even when old.
    assert (low, high) == (50, 100)
    assert sh.segment_files(sh.partition_dir(broker, unique_topic)) == ["%020d.log" % 50]


def test_a_consumer_behind_the_log_start_gets_out_of_range_and_resets_to_earliest(make_broker, unique_topic):
    broker = make_broker(properties=FAST_RETENTION)
    sh.create_topic_with_configs(broker.bootstrap, unique_topic,
                                 {"segment.bytes": "4096", "retention.bytes": "8192"})
    sh.produce_acked(broker.bootstrap, unique_topic, values(200))
    low, _ = sh.wait_until(
        lambda: (lambda w: w if w[0] > 0 else None)(ck_helpers.watermarks(broker.bootstrap, unique_topic, 0)),
        RETENTION_WAIT_S, "the log start offset to move")

    c = sh.consumer(broker.bootstrap, **{"auto.offset.reset": "earliest"})
    try:
        c.assign([TopicPartition(unique_topic, 0, 5)])     # an offset retention already deleted
        first = sh.wait_until(lambda: next(iter(c.consume(num_messages=1, timeout=0.5)), None), 20,
                              "a message after the reset")
    finally:
        c.close()
    assert first.error() is None
    assert first.offset() == low
    assert int(first.value()[:6]) == low


def test_without_reset_the_consumer_sees_offset_out_of_range(make_broker, unique_topic):
    broker = make_broker(properties=FAST_RETENTION)
    sh.create_topic_with_configs(broker.bootstrap, unique_topic,
                                 {"segment.bytes": "4096", "retention.bytes": "8192"})
    sh.produce_acked(broker.bootstrap, unique_topic, values(200))
    sh.wait_until(lambda: ck_helpers.watermarks(broker.bootstrap, unique_topic, 0)[0] > 0, RETENTION_WAIT_S,
                  "the log start offset to move")

    c = sh.consumer(broker.bootstrap, **{"auto.offset.reset": "error"})
    try:
        c.assign([TopicPartition(unique_topic, 0, 5)])
        message = sh.wait_until(lambda: next(iter(c.consume(num_messages=1, timeout=0.5)), None), 20, "an answer")
    finally:
        c.close()
    assert message.error() is not None
    assert "out of range" in message.error().str().lower() or message.error().code() == -185 \
        or message.error().code() == 1, message.error()


def test_broker_wide_retention_defaults_come_from_server_properties(make_broker, unique_topic):
    broker = make_broker(properties=FAST_RETENTION + "log.segment.bytes=4096\nlog.retention.bytes=8192\n")
    ck_helpers.create_topic(broker.bootstrap, unique_topic, 1)
    sh.produce_acked(broker.bootstrap, unique_topic, values(200))
    low, high = sh.wait_until(
        lambda: (lambda w: w if w[0] > 0 else None)(ck_helpers.watermarks(broker.bootstrap, unique_topic, 0)),
        RETENTION_WAIT_S, "the log start offset to move")
    assert 0 < low < high == 200
