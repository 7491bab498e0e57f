"""Crash torture: produce with acks=all from a real client, SIGKILL the broker at a random moment
(sometimes while it is still recovering), restart, repeat. Afterwards every acknowledged message is
in the log exactly once, in production order, at the offset it was acknowledged with, and every
batch of every segment file passes its CRC-32C (checked by parsing the files in Python)."""
import os
import random
import time

from confluent_kafka import Producer

import ck_helpers
import storage_helpers as sh

ROUNDS = int(os.environ.get("RINGLOG_TORTURE_ROUNDS", "20"))
PRODUCE_S_MAX = 0.6                 # a round produces for a random time up to this
FLUSH_TIMEOUT_S = 20
SEED = int(os.environ.get("RINGLOG_TORTURE_SEED", str(int(time.time()))))


def test_acknowledged_messages_survive_repeated_kill_9(make_broker, unique_topic):
    rng = random.Random(SEED)
    broker = make_broker(properties="log.flush.offset.checkpoint.interval.ms=200\n")
    # Small segments so rolls, recovery points and several segments are part of the torture.
    sh.create_topic_with_configs(broker.bootstrap, unique_topic, {"segment.bytes": "65536"})
    acked = {}
    failed = 0
    produced = 0

    def on_delivery(err, msg):
        nonlocal failed
        if err is None:
            acked[int(msg.value()[:10])] = msg.offset()
        else:
            failed += 1

    producer = Producer({
        "bootstrap.servers": broker.bootstrap, "acks": "all", "enable.idempotence": False,
        # No retries: a retried batch the dead broker had written would be a duplicate of the
        # client's making (see test_crash.py); this way any duplicate is the broker's.
        "message.send.max.retries": 0, "linger.ms": 2, "message.timeout.ms": 15_000,
        "reconnect.backoff.ms": 20, "reconnect.backoff.max.ms": 200, "on_delivery": on_delivery,
    })
    for round_number in range(ROUNDS):
        deadline = time.monotonic() + rng.uniform(0.0, PRODUCE_S_MAX)
        while time.monotonic() < deadline:
            try:
                producer.produce(unique_topic, value=b"%010d" % produced + b"." * rng.randint(0, 200))
                produced += 1
            except BufferError:
                producer.poll(0.005)
            producer.poll(0)
        broker.kill9()
        broker.start()
        if rng.random() < 0.25:
            # Kill again during or right after start-up recovery.
            time.sleep(rng.uniform(0.0, 0.05))
            broker.kill9()
            broker.start()
        assert producer.flush(FLUSH_TIMEOUT_S) == 0, f"round {round_number}: messages stuck"
    del producer
    assert len(acked) + failed == produced
    assert len(acked) > ROUNDS, f"too little was acknowledged to mean anything (seed {SEED})"

    low, high = ck_helpers.watermarks(broker.bootstrap, unique_topic, 0)
    messages = sh.read_all(broker.bootstrap, unique_topic, high)
    values = [int(m.value()[:10]) for m in messages]
    offsets = [m.offset() for m in messages]
    assert (low, high) == (0, len(messages)), f"seed {SEED}"
    assert offsets == list(range(len(messages))), f"a hole or a repeat (seed {SEED})"
    assert len(set(values)) == len(values), f"a message is in the log twice (seed {SEED})"
    assert values == sorted(values), f"messages out of production order (seed {SEED})"
    offset_of = dict(zip(values, offsets))
    lost = sorted(v for v in acked if v not in offset_of)
    assert lost == [], f"{len(lost)} acknowledged messages lost, first {lost[:10]} (seed {SEED})"
    moved = [(v, o, offset_of[v]) for v, o in acked.items() if offset_of[v] != o]
    assert moved == [], f"acknowledged at another offset: {moved[:5]} (seed {SEED})"

    broker.stop()
    directory = sh.partition_dir(broker, unique_topic)
    expected_next = 0
    for name in sh.segment_files(directory):
        batches = sh.parse_segment(os.path.join(directory, name))
        assert int(name[:-4]) == expected_next, f"segment {name} does not continue at {expected_next}"
        for base, last, count, crc_ok in batches:
            assert crc_ok, f"{name}: batch at offset {base} fails its CRC"
            assert base == expected_next and last - base + 1 == count
            expected_next = last + 1
    assert expected_next == high
