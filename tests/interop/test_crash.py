"""Crash and restart: what the broker acknowledged is still there, once, in order, at the same offset.

kill -9 gives the broker no chance to flush or close anything; the kernel keeps what was already
written to the page cache, so this checks recovery of the log files (a possibly torn tail, the
indexes, the next offset), not the fdatasync promise itself (that would need a power cut).
"""
import time

from confluent_kafka import Producer

import ck_helpers

KILL_AFTER_ACKED = 20_000
PRODUCED_MAX = 400_000          # bound on the produce loop, far above what 20k acks need
PRODUCE_PHASE_S_MAX = 60
FLUSH_TIMEOUT_S = 60
AFTER_RESTART = 1_000


def crash_test_producer(bootstrap, on_delivery):
    return Producer({
        "bootstrap.servers": bootstrap,
        "acks": "all",
        "enable.idempotence": False,
        # No retries. Without idempotence a retry re-sends a batch that the broker may already have
        # written before it died without answering; the log would then hold that message twice and
        # the test would blame the broker for the client's duplicate. With no retries every message
        # reaches the log at most once, so any duplicate is the broker's.
        "message.send.max.retries": 0,
        "linger.ms": 5,
        "message.timeout.ms": 20_000,
        # Reconnect soon after the restart, so queued messages go to the new process.
        "reconnect.backoff.ms": 50,
        "reconnect.backoff.max.ms": 500,
        "on_delivery": on_delivery,
    })


def test_acknowledged_messages_survive_kill_9_exactly_once_in_order(broker, unique_topic):
    ck_helpers.create_topic(broker.bootstrap, unique_topic, 1)
    acked = {}        # value -> offset the broker acknowledged
    failed = set()

    def on_delivery(err, msg):
        if err is None:
            acked[int(msg.value())] = msg.offset()
        else:
            failed.add(int(msg.value()))

    producer = crash_test_producer(broker.bootstrap, on_delivery)
    produced = 0
    deadline = time.monotonic() + PRODUCE_PHASE_S_MAX
    while len(acked) < KILL_AFTER_ACKED:
        assert time.monotonic() < deadline and produced < PRODUCED_MAX, \
            f"only {len(acked)} acknowledged after {produced} produced"
        try:
            producer.produce(unique_topic, value=str(produced).encode())
            produced += 1
        except BufferError:       # the local queue is full: serve delivery reports to drain it
            producer.poll(0.01)
        producer.poll(0)

    # Mid-stream: requests are in flight and more messages wait in the producer's queue.
    broker.kill9()
    acked_before_kill = len(acked)
    broker.start()                 # same port, same data dir

    remaining = producer.flush(FLUSH_TIMEOUT_S)
    assert remaining == 0, f"{remaining} messages neither delivered nor failed"
    assert len(acked) + len(failed) == produced

    # Appends continue where the recovered log ends.
    for i in range(produced, produced + AFTER_RESTART):
        producer.produce(unique_topic, value=str(i).encode())
    assert producer.flush(FLUSH_TIMEOUT_S) == 0
    assert all(i in acked for i in range(produced, produced + AFTER_RESTART))
    produced += AFTER_RESTART
    del producer

    low, high = ck_helpers.watermarks(broker.bootstrap, unique_topic, 0)
    messages = ck_helpers.consume_from_beginning(broker.bootstrap, unique_topic, [0], high)
    values = [int(m.value()) for m in messages]
    offsets = [m.offset() for m in messages]

    assert acked_before_kill >= KILL_AFTER_ACKED
    assert (low, high) == (0, len(messages))
    assert offsets == list(range(len(messages))), "the recovered log has a hole or a repeat"
    assert len(set(values)) == len(values), "a message is in the log twice"
    assert values == sorted(values), "messages are out of production order"
    assert set(values) <= set(range(produced))
    offset_of = dict(zip(values, offsets))
    lost = sorted(v for v in acked if v not in offset_of)
    assert lost == [], f"{len(lost)} acknowledged messages lost, first {lost[:10]}"
    moved = [(v, o, offset_of[v]) for v, o in acked.items() if offset_of[v] != o]
    assert moved == [], f"acknowledged messages at another offset than acknowledged: {moved[:10]}"


def test_sigterm_stops_cleanly_and_a_restart_keeps_every_message(broker, unique_topic):
    ck_helpers.create_topic(broker.bootstrap, unique_topic, 1)
    producer = Producer({"bootstrap.servers": broker.bootstrap, "acks": 1, "linger.ms": 5})
    for i in range(1_000):
        producer.produce(unique_topic, key=b"k", value=b"before-%d" % i)
    assert producer.flush(FLUSH_TIMEOUT_S) == 0
    del producer

    assert broker.stop() == 0, "ringlog did not exit with status 0 on SIGTERM"
    broker.start()

    producer = Producer({"bootstrap.servers": broker.bootstrap, "acks": 1})
    offsets = []
    producer.produce(unique_topic, key=b"k", value=b"after",
                     on_delivery=lambda err, msg: offsets.append((err, msg.offset())))
    assert producer.flush(FLUSH_TIMEOUT_S) == 0
    del producer
    assert offsets == [(None, 1_000)]

    messages = ck_helpers.consume_from_beginning(broker.bootstrap, unique_topic, [0], 1_001, timeout_s=30)
    assert [(m.offset(), m.value()) for m in messages] == \
        [(i, b"before-%d" % i) for i in range(1_000)] + [(1_000, b"after")]
