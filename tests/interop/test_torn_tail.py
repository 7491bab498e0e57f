"""Torn and corrupted tails: truncate the last segment, or flip bytes in it, at random positions
while the broker is down. It must start, cut the log back to the last intact batch, serve everything
before it, and append after it."""
import os
import random
import time

import pytest

import storage_helpers as sh

SEED = int(os.environ.get("RINGLOG_TORN_SEED", str(int(time.time()))))
CASES = 6
MESSAGES = 400
# Bytes 12-15 of a batch (partitionLeaderEpoch) are outside the CRC and the broker rewrites them;
# a flip there cannot be detected (in Kafka either), so flips avoid them.
LEADER_EPOCH_BYTES = range(12, 16)


def batch_bounds(path):
    """(start, end, base_offset, next_offset) of each batch in the file."""
    bounds, position = [], 0
    for base, last, _count, crc_ok in sh.parse_segment(path):
        assert crc_ok
        with open(path, "rb") as f:
            f.seek(position + 8)
            length = int.from_bytes(f.read(4), "big")
        bounds.append((position, position + 12 + length, base, last + 1))
        position += 12 + length
    return bounds


def prepare(make_broker, topic):
    broker = make_broker()
    sh.create_topic_with_configs(broker.bootstrap, topic, {"segment.bytes": "16384"})
    offsets = sh.produce_acked(broker.bootstrap, topic, [(None, b"%06d" % i + b"-" * 40) for i in range(MESSAGES)])
    assert offsets == list(range(MESSAGES))
    broker.kill9()
    directory = sh.partition_dir(broker, topic)
    last = os.path.join(directory, sh.segment_files(directory)[-1])
    return broker, last, batch_bounds(last)


def check_served_prefix(broker, topic, expected_end):
    messages = sh.read_all(broker.bootstrap, topic, expected_end)
    assert [m.offset() for m in messages] == list(range(expected_end))
    assert [int(m.value()[:6]) for m in messages] == list(range(expected_end))
    # Appends continue right after the kept prefix.
    assert sh.produce_acked(broker.bootstrap, topic, [(None, b"after")]) == [expected_end]


@pytest.mark.parametrize("case", range(CASES))
def test_a_truncated_last_segment_is_cut_to_the_last_whole_batch(make_broker, unique_topic, case):
    rng = random.Random(SEED * 100 + case)
    broker, path, bounds = prepare(make_broker, unique_topic)
    cut = rng.randrange(0, os.path.getsize(path))
    os.truncate(path, cut)
    kept = [b for b in bounds if b[1] <= cut]
    expected_end = kept[-1][3] if kept else bounds[0][2]

    broker.start()

    check_served_prefix(broker, unique_topic, expected_end)


@pytest.mark.parametrize("case", range(CASES))
def test_a_flipped_byte_in_the_last_segment_cuts_the_log_before_that_batch(make_broker, unique_topic, case):
    rng = random.Random(SEED * 100 + 50 + case)
    broker, path, bounds = prepare(make_broker, unique_topic)
    while True:
        victim = rng.randrange(len(bounds))
        start, end, base, _ = bounds[victim]
        position = rng.randrange(start, end)
        if position - start not in LEADER_EPOCH_BYTES:
            break
    with open(path, "r+b") as f:
        f.seek(position)
        byte = f.read(1)[0]
        f.seek(position)
        f.write(bytes([byte ^ (1 << rng.randrange(8))]))

    broker.start()

    check_served_prefix(broker, unique_topic, base)
    assert "truncating" in broker.stderr_tail(50), "the repair was not logged"
