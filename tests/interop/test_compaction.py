"""Compaction with a real producer: keys updated many times and deleted with tombstones, with every
compression type librdkafka writes. Once the cleaner has run, a full read returns exactly the
latest value of each live key, in offset order."""
import os

import pytest
from confluent_kafka import Producer

import storage_helpers as sh

FAST_CLEANER = "log.cleaner.backoff.ms=100\nlog.retention.check.interval.ms=100\n"
KEYS = 20
ROUNDS = 8
DELETED = {3, 7, 11}                 # tombstoned in the last round
CLEAN_WAIT_S = 30


def produce_updates(bootstrap, topic, compression):
    """Returns {key: (offset, value)} of the latest record per key, the filler and the tail."""
    latest = {}
    errors = []

    def on_delivery(err, msg):
        if err is not None:
            errors.append(err)
        else:
            latest[msg.key()] = (msg.offset(), msg.value())

    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 5, "batch.num.messages": 10,
                         "compression.type": compression, "on_delivery": on_delivery})
    for round_number in range(ROUNDS):
        for k in range(KEYS):
            deleted = round_number == ROUNDS - 1 and k in DELETED
            producer.produce(topic, key=b"key-%02d" % k, value=None if deleted else b"value-%d-%d" % (round_number, k))
        producer.flush(sh.FLUSH_TIMEOUT_S)
    # A record larger than a segment sits alone in one; the tail after it opens a new active
    # segment, so every update above is in closed, cleanable segments.
    producer.produce(topic, key=b"filler", value=os.urandom(6000))   # incompressible
    producer.flush(sh.FLUSH_TIMEOUT_S)
    producer.produce(topic, key=b"tail", value=b"t")
    assert producer.flush(sh.FLUSH_TIMEOUT_S) == 0
    assert errors == [], errors
    return latest


@pytest.mark.parametrize("compression", ["none", "gzip", "snappy", "lz4", "zstd"])
def test_cleaning_leaves_the_latest_value_of_each_live_key_in_offset_order(make_broker, unique_topic, compression):
    broker = make_broker(properties=FAST_CLEANER)
    sh.create_topic_with_configs(broker.bootstrap, unique_topic, {
        "cleanup.policy": "compact", "segment.bytes": "4096", "min.cleanable.dirty.ratio": "0.01",
        "delete.retention.ms": "0",
    })
    latest = produce_updates(broker.bootstrap, unique_topic, compression)
    expected = sorted((offset, key, value) for key, (offset, value) in latest.items() if value is not None)
    total_produced = KEYS * ROUNDS + 2

    def cleaned():
        messages = sh.read_all(broker.bootstrap, unique_topic, len(expected), timeout_s=3)
        seen = [(m.offset(), m.key(), m.value()) for m in messages]
        return seen if len(seen) < total_produced and seen == expected else None

    seen = sh.wait_until(cleaned, CLEAN_WAIT_S, "the cleaner to leave only the latest live values")
    assert [key for _, key, _ in seen if key.startswith(b"key-")] == \
        [key for _, key, _ in expected if key.startswith(b"key-")]
    assert not any(b"key-%02d" % k in [key for _, key, _ in seen] for k in DELETED)
    assert "cleaned segment" in broker.stderr_tail(500)

    # The compacted log survives a crash and keeps its offsets.
    broker.kill9()
    broker.start()
    messages = sh.read_all(broker.bootstrap, unique_topic, len(expected))
    assert [(m.offset(), m.key(), m.value()) for m in messages] == expected
