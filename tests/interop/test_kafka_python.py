"""kafka-python (pure Python) against ringlog: every record shape round-trips; unknown topics are created."""
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from records_under_test import SENDABLE_BY_PURE_PYTHON as SENDABLE, TIMESTAMP_TYPE_CREATE_TIME, timestamp_of

SEND_TIMEOUT_S = 30
CONSUME_TIMEOUT_S = 30


def producer(bootstrap):
    return KafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5, request_timeout_ms=20_000)


def read_partition(bootstrap, topic, partition, expected):
    """assign() + seek_to_beginning(): no consumer group involved."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)
    try:
        tp = TopicPartition(topic, partition)
        consumer.assign([tp])
        consumer.seek_to_beginning(tp)
        records = []
        deadline = time.monotonic() + CONSUME_TIMEOUT_S
        while len(records) < expected and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend(batch)
        records.extend(r for batch in consumer.poll(timeout_ms=300).values() for r in batch)
        return records
    finally:
        consumer.close()


def test_every_record_shape_round_trips_with_headers_and_timestamps(broker, unique_topic):
    p = producer(broker.bootstrap)
    try:
        # The topic does not exist yet: the producer's Metadata request creates it.
        metadata = [p.send(unique_topic, partition=0, key=k, value=v, headers=h, timestamp_ms=timestamp_of(i))
                    .get(timeout=SEND_TIMEOUT_S) for i, (k, v, h) in enumerate(SENDABLE)]
    finally:
        p.close(timeout=10)
    assert [(m.topic, m.partition, m.offset) for m in metadata] == \
        [(unique_topic, 0, i) for i in range(len(SENDABLE))]

    records = read_partition(broker.bootstrap, unique_topic, 0, len(SENDABLE))

    assert [(r.offset, r.key, r.value, list(r.headers), r.timestamp, r.timestamp_type) for r in records] == \
        [(i, k, v, h, timestamp_of(i), TIMESTAMP_TYPE_CREATE_TIME) for i, (k, v, h) in enumerate(SENDABLE)]


def test_producing_to_an_unknown_topic_creates_it_with_the_default_partition_count(make_broker, unique_topic):
    broker = make_broker(extra_args=["--default-partitions", "3"])
    p = producer(broker.bootstrap)
    try:
        sent = p.send(unique_topic, value=b"first").get(timeout=SEND_TIMEOUT_S)
        assert p.partitions_for(unique_topic) == {0, 1, 2}
    finally:
        p.close(timeout=10)
    assert sent.offset == 0

    records = read_partition(broker.bootstrap, unique_topic, sent.partition, 1)
    assert [(r.offset, r.key, r.value) for r in records] == [(0, None, b"first")]
