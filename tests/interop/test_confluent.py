"""confluent-kafka (the librdkafka bundled in its wheel) against ringlog: admin, keyed produce, read back."""
import collections
import gc
import time

from confluent_kafka import TIMESTAMP_CREATE_TIME, Producer

import ck_helpers
from records_under_test import RECORDS, timestamp_of

MESSAGES = 100_000
KEYS = 1_000
PARTITIONS = 3
FLUSH_TIMEOUT_S = 120
DELETE_VISIBLE_WAIT_S = 10


def produce(bootstrap, topic, payloads, **conf):
    """Produces (key, value) pairs; returns the delivery reports as (err, key, value, partition, offset)."""
    reports = []

    def on_delivery(err, msg):
        reports.append((err, msg.key(), msg.value(), msg.partition(), msg.offset()))

    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5, **conf})
    for key, value in payloads:
        while True:
            try:
                producer.produce(topic, key=key, value=value, on_delivery=on_delivery)
                break
            except BufferError:     # local queue full: let deliveries drain it
                producer.poll(0.05)
        producer.poll(0)
    assert producer.flush(FLUSH_TIMEOUT_S) == 0, "messages still undelivered after flush"
    # Drop the handle now, so it does not refresh metadata for (and so re-create) a topic deleted later.
    del producer
    gc.collect()
    return reports


def test_keyed_messages_on_three_partitions_come_back_in_order_with_exact_offsets(broker, unique_topic):
    b = broker.bootstrap
    ck_helpers.create_topic(b, unique_topic, PARTITIONS)
    assert ck_helpers.topic_partitions(b, unique_topic) == [0, 1, 2]

    payloads = [(f"key-{i % KEYS}".encode(), f"value-{i}".encode()) for i in range(MESSAGES)]
    reports = produce(b, unique_topic, payloads, acks="all", **{"enable.idempotence": False})

    assert [r[0] for r in reports if r[0] is not None] == []
    assert len(reports) == MESSAGES
    stored_at = {(r[3], r[4]): (r[1], r[2]) for r in reports}   # (partition, offset) -> (key, value)
    assert len(stored_at) == MESSAGES, "two deliveries reported the same offset"

    messages = ck_helpers.consume_from_beginning(b, unique_topic, range(PARTITIONS), MESSAGES)
    assert len(messages) == MESSAGES

    per_partition = collections.defaultdict(list)
    for m in messages:
        per_partition[m.partition()].append(m)
    partitions_of_key = collections.defaultdict(set)
    values_of_key = collections.defaultdict(list)
    for partition, ms in per_partition.items():
        assert [m.offset() for m in ms] == list(range(len(ms))), f"partition {partition} offsets not 0..n-1"
        for m in ms:
            assert stored_at[(partition, m.offset())] == (m.key(), m.value())
            i = int(m.value().split(b"-")[1])
            assert m.key() == f"key-{i % KEYS}".encode()
            partitions_of_key[m.key()].add(partition)
            values_of_key[m.key()].append(i)
    assert sorted(int(m.value().split(b"-")[1]) for m in messages) == list(range(MESSAGES))
    assert all(len(ps) == 1 for ps in partitions_of_key.values()), "a key was spread over partitions"
    assert all(vs == sorted(vs) for vs in values_of_key.values()), "a key's values came back out of order"
    assert len(values_of_key) == KEYS
    assert set(per_partition) <= {0, 1, 2}

    for partition in range(PARTITIONS):
        assert ck_helpers.watermarks(b, unique_topic, partition) == (0, len(per_partition[partition]))

    admin = ck_helpers.admin(b)
    admin.delete_topics([unique_topic], operation_timeout=ck_helpers.ADMIN_TIMEOUT_S)[unique_topic] \
        .result(ck_helpers.ADMIN_TIMEOUT_S)
    deadline = time.monotonic() + DELETE_VISIBLE_WAIT_S
    while ck_helpers.topic_partitions(b, unique_topic) is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert ck_helpers.topic_partitions(b, unique_topic) is None


def test_acks_one_reports_the_offsets_it_stored(broker, unique_topic):
    ck_helpers.create_topic(broker.bootstrap, unique_topic, 1)
    payloads = [(None, f"acks1-{i}".encode()) for i in range(10)]

    reports = produce(broker.bootstrap, unique_topic, payloads, acks=1)

    assert [(r[0], r[2], r[3], r[4]) for r in reports] == \
        [(None, f"acks1-{i}".encode(), 0, i) for i in range(10)]
    messages = ck_helpers.consume_from_beginning(broker.bootstrap, unique_topic, [0], 10, timeout_s=30)
    assert [(m.offset(), m.value()) for m in messages] == [(i, f"acks1-{i}".encode()) for i in range(10)]


def test_acks_zero_messages_arrive_although_nothing_is_answered(broker, unique_topic):
    ck_helpers.create_topic(broker.bootstrap, unique_topic, 1)
    payloads = [(b"k", f"acks0-{i}".encode()) for i in range(10)]

    reports = produce(broker.bootstrap, unique_topic, payloads, acks=0)

    # With acks=0 the client reports success once sent; it cannot know the offset.
    assert [r[0] for r in reports] == [None] * 10
    messages = ck_helpers.consume_from_beginning(broker.bootstrap, unique_topic, [0], 10, timeout_s=30)
    assert [(m.offset(), m.key(), m.value()) for m in messages] == \
        [(i, b"k", f"acks0-{i}".encode()) for i in range(10)]


def test_every_record_shape_round_trips_with_headers_and_timestamps(broker, unique_topic):
    ck_helpers.create_topic(broker.bootstrap, unique_topic, 1)
    reports = []
    producer = Producer({"bootstrap.servers": broker.bootstrap, "acks": "all"})
    for i, (k, v, h) in enumerate(RECORDS):
        producer.produce(unique_topic, key=k, value=v, headers=h, timestamp=timestamp_of(i),
                         on_delivery=lambda err, msg: reports.append((err, msg.offset())))
    assert producer.flush(FLUSH_TIMEOUT_S) == 0
    assert reports == [(None, i) for i in range(len(RECORDS))]

    messages = ck_helpers.consume_from_beginning(broker.bootstrap, unique_topic, [0], len(RECORDS), timeout_s=30)

    assert [(m.offset(), m.key(), m.value(), m.headers() or [], m.timestamp()) for m in messages] == \
        [(i, k, v, h, (TIMESTAMP_CREATE_TIME, timestamp_of(i))) for i, (k, v, h) in enumerate(RECORDS)]
