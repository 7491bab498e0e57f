"""confluent-kafka helpers shared by the tests: create/inspect topics, read partitions back with assign()."""
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

ADMIN_TIMEOUT_S = 15.0
CONSUME_TIMEOUT_S = 90.0


def admin(bootstrap):
    return AdminClient({"bootstrap.servers": bootstrap})


def create_topic(bootstrap, topic, partitions):
    client = admin(bootstrap)  # must outlive the future: destroying the handle fails it
    futures = client.create_topics([NewTopic(topic, num_partitions=partitions, replication_factor=1)],
                                   operation_timeout=ADMIN_TIMEOUT_S)
    futures[topic].result(ADMIN_TIMEOUT_S)


def topic_partitions(bootstrap, topic):
    """Partition ids of topic from a Metadata request for all topics (which never auto-creates)."""
    md = admin(bootstrap).list_topics(timeout=ADMIN_TIMEOUT_S)
    if topic not in md.topics:
        return None
    return sorted(md.topics[topic].partitions)


def assign_consumer(bootstrap, **extra):
    # confluent-kafka's Python Consumer insists on a group.id, but with assign() and no commits the
    # group is never joined: offsets come from OFFSET_BEGINNING, not from the coordinator.
    conf = {"bootstrap.servers": bootstrap, "group.id": "interop-assign-only",
            "enable.auto.commit": False, "enable.auto.offset.store": False,
            "enable.partition.eof": False}
    conf.update(extra)
    return Consumer(conf)


def consume_from_beginning(bootstrap, topic, partitions, expected_total, timeout_s=CONSUME_TIMEOUT_S):
    """Reads every partition from offset 0 until expected_total messages arrived (or the time is up).
    Returns the messages in arrival order; per partition that is offset order."""
    consumer = assign_consumer(bootstrap)
    try:
        consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in partitions])
        messages = []
        deadline = time.monotonic() + timeout_s
        while len(messages) < expected_total and time.monotonic() < deadline:
            for m in consumer.consume(num_messages=10_000, timeout=0.5):
                assert m.error() is None, m.error()
                messages.append(m)
        # A short extra read: anything beyond expected_total would be a duplicate the assertions must see.
        for m in consumer.consume(num_messages=10_000, timeout=0.5):
            assert m.error() is None, m.error()
            messages.append(m)
        return messages
    finally:
        consumer.close()


def watermarks(bootstrap, topic, partition):
    """(low, high) from ListOffsets (earliest, latest), not from the consumer's cached fetch state."""
    consumer = assign_consumer(bootstrap)
    try:
        return consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=ADMIN_TIMEOUT_S,
                                              cached=False)
    finally:
        consumer.close()
