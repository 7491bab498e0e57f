"""Helpers for the consumer-group tests: produce a keyed data set, and a confluent-kafka group member
that records what it was assigned, consumed and committed."""
import time

from confluent_kafka import Consumer, Producer, TopicPartition

FLUSH_TIMEOUT_S = 30
SESSION_TIMEOUT_MS = 6000        # the broker's minimum (group.min.session.timeout.ms)
HEARTBEAT_INTERVAL_MS = 500


def produce(bootstrap, topic, partitions, per_partition, start=0):
    """per_partition messages to each partition, values "p:i" (i from start); returns how many."""
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5, "acks": "all"})
    for i in range(start, start + per_partition):
        for p in range(partitions):
            producer.produce(topic, value=f"{p}:{i}".encode(), partition=p)
    assert producer.flush(FLUSH_TIMEOUT_S) == 0
    return partitions * per_partition


class Member:
    """One confluent-kafka consumer in a group; poll() consumes, records and commits synchronously."""

    def __init__(self, name, bootstrap, group, topic, **extra):
        self.name = name
        self.assignment = set()
        self.consumed = []           # (partition, offset)
        self.committed = {}          # partition -> highest offset committed by this member
        self.rebalances = 0
        conf = {"bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
                "enable.auto.commit": False, "session.timeout.ms": SESSION_TIMEOUT_MS,
                "heartbeat.interval.ms": HEARTBEAT_INTERVAL_MS, "enable.partition.eof": False}
        conf.update(extra)
        self.cooperative = conf.get("partition.assignment.strategy") == "cooperative-sticky"
        self.consumer = Consumer(conf)
        self.consumer.subscribe([topic], on_assign=self._assigned, on_revoke=self._revoked)

    def _assigned(self, consumer, partitions):
        self.rebalances += 1
        if self.cooperative:
            self.assignment |= {tp.partition for tp in partitions}
        else:
            self.assignment = {tp.partition for tp in partitions}

    def _revoked(self, consumer, partitions):
        self.rebalances += 1
        self.assignment -= {tp.partition for tp in partitions}

    def poll(self, commit=True, limit=200, timeout=0.1):
        messages = [m for m in self.consumer.consume(num_messages=limit, timeout=timeout) if m.error() is None]
        if not messages:
            return 0
        self.consumed.extend((m.partition(), m.offset()) for m in messages)
        if commit:
            last = {}
            for m in messages:
                last[m.partition()] = max(last.get(m.partition(), -1), m.offset())
            try:
                topic = messages[0].topic()
                self.consumer.commit(offsets=[TopicPartition(topic, p, o + 1) for p, o in last.items()],
                                     asynchronous=False)
                for p, o in last.items():
                    self.committed[p] = max(self.committed.get(p, -1), o + 1)
            except Exception:
                pass   # a commit refused mid-rebalance: those messages may be re-delivered (allowed)
        return len(messages)

    def close(self):
        self.consumer.close()


def poll_until(members, done, timeout_s, **poll_args):
    """Polls every member round-robin until done() or the time is up; returns done()."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for m in members:
            m.poll(**poll_args)
        if done():
            return True
    return done()
