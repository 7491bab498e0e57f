"""Limits a producer can hit: max.message.bytes, and a full disk. A full disk refuses appends with
KAFKA_STORAGE_ERROR, keeps serving reads, loses nothing acknowledged, and recovers by itself once
space returns. The disk is a small tmpfs the test mounts (tests run as root)."""
import os
import subprocess
import uuid

import pytest
from confluent_kafka import KafkaError, Producer

from broker_process import Broker
from conftest import ringlog_bin
import storage_helpers as sh

TMPFS_BYTES = 2 * 1024 * 1024
FILLER_BYTES = 768 * 1024           # freed later to give the broker room again
VALUE_BYTES = 8 * 1024
PRODUCE_ATTEMPTS_MAX = 1_000        # far more than 2 MiB / 8 KiB: the disk fills long before


def test_a_batch_over_max_message_bytes_is_refused_with_message_too_large(broker, unique_topic):
    sh.create_topic_with_configs(broker.bootstrap, unique_topic, {"max.message.bytes": "2000"})
    results = []
    producer = Producer({"bootstrap.servers": broker.bootstrap, "acks": "all", "linger.ms": 0,
                         "batch.num.messages": 1, "message.send.max.retries": 0})
    producer.produce(unique_topic, value=b"x" * 5_000, on_delivery=lambda err, msg: results.append(err))
    producer.produce(unique_topic, value=b"small", on_delivery=lambda err, msg: results.append(err))
    assert producer.flush(sh.FLUSH_TIMEOUT_S) == 0
    del producer
    assert results[0] is not None and results[0].code() == KafkaError.MSG_SIZE_TOO_LARGE, results
    assert results[1] is None
    assert [m.value() for m in sh.read_all(broker.bootstrap, unique_topic, 1)] == [b"small"]


@pytest.fixture
def small_disk(tmp_path):
    mountpoint = tmp_path / "small-disk"
    mountpoint.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={TMPFS_BYTES}", "tmpfs", str(mountpoint)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs to fill (needs root and mount permission): {result.stderr.strip()}")
    try:
        yield str(mountpoint)
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], check=False)


def test_a_full_disk_refuses_produce_keeps_reads_and_recovers_when_space_returns(tmp_path, small_disk, unique_topic):
    filler = os.path.join(small_disk, "filler")
    with open(filler, "wb") as f:
        f.write(b"\0" * FILLER_BYTES)
    workdir = tmp_path / "broker"
    workdir.mkdir()
    broker = Broker(ringlog_bin(), str(workdir))       # stderr stays off the small disk
    broker.data_dir = os.path.join(small_disk, "data")
    try:
        broker.start()
        sh.create_topic_with_configs(broker.bootstrap, unique_topic, {"segment.bytes": "262144"})
        acked, refused = {}, []

        def on_delivery(err, msg):
            if err is None:
                acked[msg.value()[:8]] = msg.offset()
            else:
                refused.append(err.code())

        producer = Producer({"bootstrap.servers": broker.bootstrap, "acks": "all", "linger.ms": 0,
                             "batch.num.messages": 1, "message.send.max.retries": 0, "on_delivery": on_delivery})
        for i in range(PRODUCE_ATTEMPTS_MAX):
            producer.produce(unique_topic, value=b"%08d" % i + b"v" * VALUE_BYTES)
            producer.flush(sh.FLUSH_TIMEOUT_S)
            if len(refused) >= 3:
                break
        assert refused, "the disk never filled"
        assert set(refused) == {KafkaError.KAFKA_STORAGE_ERROR}, refused
        assert len(acked) > 50

        # Reads keep working on the full disk, and hold exactly what was acknowledged.
        messages = sh.read_all(broker.bootstrap, unique_topic, len(acked))
        assert {m.value()[:8]: m.offset() for m in messages} == acked
        assert [m.offset() for m in messages] == list(range(len(messages)))

        # Space returns: produce works again without a restart.
        os.remove(filler)
        before = len(acked)
        for i in range(10):
            producer.produce(unique_topic, value=b"after%03d" % i + b"v" * 100)
        assert producer.flush(sh.FLUSH_TIMEOUT_S) == 0
        assert len(acked) == before + 10, f"refused after space returned: {refused[3:]}"

        # And a restart finds every acknowledged message, once, in order.
        del producer
        broker.kill9()
        broker.start()
        messages = sh.read_all(broker.bootstrap, unique_topic, len(acked))
        assert {m.value()[:8]: m.offset() for m in messages} == acked
        assert [m.offset() for m in messages] == list(range(len(messages)))
    finally:
        broker.close()
