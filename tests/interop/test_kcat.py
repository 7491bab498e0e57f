"""Debian's kcat (librdkafka 2.0.2) against ringlog: produce a file of lines, read it back byte for byte.

librdkafka 2.0.2 mis-skips non-empty tagged fields in flexible responses (fixed upstream in 2.2), so
this is the client that catches a broker writing tagged fields Apache Kafka would leave out. The test
therefore runs kcat on the system's librdkafka, never on a newer one that LD_LIBRARY_PATH points at.
"""
import json
import os
import re
import shutil
import subprocess

import pytest

KCAT_TIMEOUT_S = 60
LINES = 10_000


def kcat_binary():
    path = shutil.which("kcat") or shutil.which("kafkacat")
    if path is None:
        pytest.fail("kcat not installed (scripts/install-test-deps.sh installs Debian's kcat)")
    return path


def system_library_env():
    env = dict(os.environ)
    env.pop("LD_LIBRARY_PATH", None)
    env.pop("LD_PRELOAD", None)
    # Only to check this test's own shape against a peer broker that 2.0.2 cannot talk to.
    if os.environ.get("RINGLOG_KCAT_LD_LIBRARY_PATH"):
        env["LD_LIBRARY_PATH"] = os.environ["RINGLOG_KCAT_LD_LIBRARY_PATH"]
    return env


def kcat(*args, input_bytes=None):
    result = subprocess.run([kcat_binary(), *args], input=input_bytes, capture_output=True,
                            env=system_library_env(), timeout=KCAT_TIMEOUT_S)
    assert result.returncode == 0, f"kcat {' '.join(args)} exited {result.returncode}:\n" \
                                   f"{result.stderr.decode(errors='replace')[-4000:]}"
    return result.stdout


def distinct_lines(count):
    """Lines of varied length and bytes (UTF-8, tabs, spaces); never an empty line or a newline inside."""
    lines = []
    for i in range(count):
        filler = "ü€x\t" * (i % 7) + "-" * (i % 113)
        lines.append(f"line {i:05d} {filler} end {i * 7919 % 10007}".encode())
    assert len(set(lines)) == count
    return lines


def test_kcat_runs_on_the_system_librdkafka():
    version = kcat("-V").decode()
    linked = re.search(r"librdkafka (\S+)", version).group(1)
    dpkg = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "librdkafka1"], capture_output=True, text=True)
    if dpkg.returncode == 0 and not os.environ.get("RINGLOG_KCAT_LD_LIBRARY_PATH"):
        assert linked == dpkg.stdout.split("-")[0], f"kcat uses librdkafka {linked}, Debian has {dpkg.stdout}"


def test_kcat_produces_ten_thousand_lines_and_reads_them_back_byte_exact(broker, unique_topic, tmp_path):
    lines = distinct_lines(LINES)
    data = b"\n".join(lines) + b"\n"
    source = tmp_path / "lines.txt"
    source.write_bytes(data)

    # The topic does not exist yet: the producer's Metadata request auto-creates it (1 partition).
    kcat("-P", "-b", broker.bootstrap, "-t", unique_topic, "-l", str(source))
    consumed = kcat("-C", "-b", broker.bootstrap, "-t", unique_topic, "-o", "beginning", "-e", "-q")

    assert consumed.count(b"\n") == LINES
    assert consumed == data


def test_kcat_metadata_lists_the_topic_with_its_partition_led_by_the_broker(broker, unique_topic):
    kcat("-P", "-b", broker.bootstrap, "-t", unique_topic, input_bytes=b"one\ntwo\n")

    metadata = json.loads(kcat("-L", "-J", "-b", broker.bootstrap, "-t", unique_topic))

    assert len(metadata["brokers"]) == 1
    only_broker = metadata["brokers"][0]
    assert only_broker["name"] == broker.bootstrap   # advertised listener defaults to the listen address
    [topic] = metadata["topics"]
    assert topic["topic"] == unique_topic
    assert "error" not in topic
    [partition] = topic["partitions"]
    assert partition["partition"] == 0
    assert partition["leader"] == only_broker["id"]
    assert [r["id"] for r in partition["replicas"]] == [only_broker["id"]]
    assert [r["id"] for r in partition["isrs"]] == [only_broker["id"]]
