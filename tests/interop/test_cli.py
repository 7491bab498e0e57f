"""The client tools (`ringlog topic | produce | consume | group`) end to end against a real broker,
cross-checked with confluent-kafka: what one writes, the other reads."""
import subprocess
import time

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition

import ck_helpers
from broker_process import free_loopback_port
from conftest import ringlog_bin

CLI_TIMEOUT_S = 60


def cli(broker, *args, stdin=None, check=True):
    result = subprocess.run([ringlog_bin(), *args, "--bootstrap", broker.bootstrap], input=stdin,
                            capture_output=True, timeout=CLI_TIMEOUT_S)
    if check:
        assert result.returncode == 0, f"ringlog {' '.join(args)} failed: {result.stderr.decode()}"
    return result


def murmur2(data: bytes) -> int:
    """Kafka's murmur2 (Utils.murmur2), as a signed 32-bit value."""
    m, r, mask = 0x5BD1E995, 24, 0xFFFFFFFF
    h = (0x9747B28C ^ len(data)) & mask
    blocks = len(data) // 4
    for i in range(blocks):
        k = int.from_bytes(data[4 * i:4 * i + 4], "little")
        k = (k * m) & mask
        k ^= k >> r
        k = (k * m) & mask
        h = (h * m) & mask
        h ^= k
    tail = data[4 * blocks:]
    if len(tail) >= 3:
        h ^= tail[2] << 16
    if len(tail) >= 2:
        h ^= tail[1] << 8
    if len(tail) >= 1:
        h ^= tail[0]
        h = (h * m) & mask
    h ^= h >> 13
    h = (h * m) & mask
    h ^= h >> 15
    return h - (1 << 32) if h & 0x80000000 else h


def java_partition(key: bytes, partitions: int) -> int:
    return (murmur2(key) & 0x7FFFFFFF) % partitions


def test_murmur2_helper_matches_kafka_vectors():
    assert murmur2(b"21") == -973932308
    assert murmur2(b"foobar") == -790332482
    assert murmur2(b"abc") == 479470107


@pytest.mark.parametrize("command", ["topic", "produce", "consume", "group"])
def test_every_tool_has_help(command):
    result = subprocess.run([ringlog_bin(), command, "--help"], capture_output=True, timeout=CLI_TIMEOUT_S)
    assert result.returncode == 0
    assert b"--bootstrap HOST:PORT" in result.stdout


def test_no_broker_is_explained_in_words():
    port = free_loopback_port()
    result = subprocess.run([ringlog_bin(), "topic", "list", "--bootstrap", f"127.0.0.1:{port}"],
                            capture_output=True, timeout=CLI_TIMEOUT_S)
    assert result.returncode == 1
    assert result.stderr.decode().strip() == (
        f"ringlog topic: cannot connect to 127.0.0.1:{port}: connection refused — is `ringlog serve` running?")


def test_topic_create_list_describe_delete(broker, unique_topic):
    out = cli(broker, "topic", "create", unique_topic, "--partitions", "3").stdout.decode()
    assert f"created topic {unique_topic} with 3 partitions" in out
    assert ck_helpers.topic_partitions(broker.bootstrap, unique_topic) == [0, 1, 2]
    assert unique_topic in cli(broker, "topic", "list").stdout.decode().split()

    described = cli(broker, "topic", "describe", unique_topic).stdout.decode().splitlines()
    assert described[0].startswith(f"Topic: {unique_topic}  Id: ")
    assert described[1].split() == ["PARTITION", "LEADER", "REPLICAS", "ISR", "LOG-START", "HIGH-WATERMARK"]
    assert [line.split()[0] for line in described[2:5]] == ["0", "1", "2"]
    assert [line.split()[4:6] for line in described[2:5]] == [["0", "0"]] * 3

    again = cli(broker, "topic", "create", unique_topic, check=False)
    assert again.returncode == 1 and b"TOPIC_ALREADY_EXISTS" in again.stderr

    cli(broker, "topic", "delete", unique_topic)
    assert ck_helpers.topic_partitions(broker.bootstrap, unique_topic) is None
    assert unique_topic not in cli(broker, "topic", "list").stdout.decode().split()


def test_cli_produce_is_read_by_confluent_on_the_java_partition(broker, unique_topic):
    ck_helpers.create_topic(broker.bootstrap, unique_topic, 4)
    lines = [f"user-{i % 9}|value-{i}" for i in range(300)]
    result = cli(broker, "produce", unique_topic, "--key-separator", "|", "--acks", "all",
                 stdin=("\n".join(lines) + "\n").encode())
    assert b"produced 300 records" in result.stderr

    messages = ck_helpers.consume_from_beginning(broker.bootstrap, unique_topic, [0, 1, 2, 3], 300)
    assert sorted(m.value().decode() for m in messages) == sorted(line.split("|")[1] for line in lines)
    for m in messages:
        assert m.partition() == java_partition(m.key(), 4), m.key()
        assert m.value().decode().split("-")[1] and int(m.value().decode().split("-")[1]) % 9 == int(m.key().decode()[5:])
    low, high = ck_helpers.watermarks(broker.bootstrap, unique_topic, java_partition(b"user-0", 4))
    assert low == 0 and high >= 34


def test_confluent_produce_is_printed_by_cli_consume(broker, unique_topic):
    ck_helpers.create_topic(broker.bootstrap, unique_topic, 2)
    producer = Producer({"bootstrap.servers": broker.bootstrap})
    values = [f"from-confluent-{i}" for i in range(40)]
    for i, v in enumerate(values):
        producer.produce(unique_topic, value=v.encode(), partition=i % 2)
    assert producer.flush(30) == 0

    result = cli(broker, "consume", unique_topic, "--from-beginning", "--max", "40", "--timeout-ms", "10000")
    assert sorted(result.stdout.decode().splitlines()) == sorted(values)
    assert b"consumed 40 records" in result.stderr


def test_cli_consume_with_group_commits_and_resumes(broker, unique_topic):
    ck_helpers.create_topic(broker.bootstrap, unique_topic, 1)
    cli(broker, "produce", unique_topic, stdin=b"".join(f"r{i}\n".encode() for i in range(10)))

    first = cli(broker, "consume", unique_topic, "--group", "resumers", "--from-beginning", "--max", "4", "--timeout-ms", "10000")
    assert first.stdout.decode().splitlines() == ["r0", "r1", "r2", "r3"]

    described = cli(broker, "group", "describe", "resumers").stdout.decode()
    row = next(line.split() for line in described.splitlines() if line.startswith(unique_topic))
    assert row[:5] == [unique_topic, "0", "4", "10", "6"]

    second = cli(broker, "consume", unique_topic, "--group", "resumers", "--max", "6", "--timeout-ms", "10000")
    assert second.stdout.decode().splitlines() == [f"r{i}" for i in range(4, 10)]
    assert "resumers" in cli(broker, "group", "list").stdout.decode()


def test_group_describe_shows_the_lag_a_confluent_group_left(broker, unique_topic):
    ck_helpers.create_topic(broker.bootstrap, unique_topic, 1)
    producer = Producer({"bootstrap.servers": broker.bootstrap})
    for i in range(10):
        producer.produce(unique_topic, value=f"m{i}".encode())
    assert producer.flush(30) == 0

    group = f"ck-{unique_topic}"
    consumer = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": group, "auto.offset.reset": "earliest",
                         "enable.auto.commit": False})
    consumer.subscribe([unique_topic])
    seen = []
    deadline = time.monotonic() + 60
    while len(seen) < 7 and time.monotonic() < deadline:
        for m in consumer.consume(num_messages=7 - len(seen), timeout=0.5):
            assert m.error() is None, m.error()
            seen.append(m)
    assert len(seen) == 7
    consumer.commit(offsets=[TopicPartition(unique_topic, 0, seen[-1].offset() + 1)], asynchronous=False)

    # While the confluent member is still in the group: it shows up with its assignment.
    live = cli(broker, "group", "describe", group).stdout.decode()
    assert "State: Stable" in live
    assert f"{unique_topic}-0" in live
    consumer.close()

    described = cli(broker, "group", "describe", group).stdout.decode().splitlines()
    assert described[0].startswith(f"Group: {group}  State: Empty")
    assert "Total lag: 3" in described[0]
    header = next(line.split() for line in described if line.startswith("TOPIC"))
    assert header == ["TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID"]
    row = next(line.split() for line in described if line.startswith(unique_topic))
    assert row == [unique_topic, "0", "7", "10", "3", "-"]


def test_topic_alter_sets_one_config_and_keeps_the_others(broker, unique_topic):
    cli(broker, "topic", "create", unique_topic, "--config", "retention.ms=1000000")
    altered = cli(broker, "topic", "alter", unique_topic, "--config", "segment.bytes=1048576", check=False)
    if b"does not support" in altered.stderr:
        pytest.skip("this broker has neither IncrementalAlterConfigs nor AlterConfigs (the admin branch adds them)")
    assert altered.returncode == 0, altered.stderr.decode()
    configs = cli(broker, "topic", "describe", unique_topic).stdout.decode().splitlines()[-1]
    assert configs == "Configs: retention.ms=1000000, segment.bytes=1048576"


def test_ctrl_c_on_a_group_consumer_leaves_the_group_at_once(broker, unique_topic):
    # Without LeaveGroup the group would keep a dead member until its session timed out, and every
    # other member's rebalance would wait for it.
    import signal
    from confluent_kafka.admin import AdminClient
    ck_helpers.create_topic(broker.bootstrap, unique_topic, 1)
    consumer = subprocess.Popen([ringlog_bin(), "consume", unique_topic, "--group", "ctrl-c", "--bootstrap", broker.bootstrap],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})

    def state():
        return admin.describe_consumer_groups(["ctrl-c"])["ctrl-c"].result(10).state.name

    try:
        deadline = time.monotonic() + 30
        while state() != "STABLE" and time.monotonic() < deadline:
            time.sleep(0.2)
        assert state() == "STABLE"
        consumer.send_signal(signal.SIGINT)
        assert consumer.wait(timeout=10) == 0
        assert state() == "EMPTY"        # at once: no session timeout waited out
    finally:
        consumer.kill()
        consumer.wait(timeout=10)


def test_describing_a_group_that_does_not_exist_says_so(broker):
    result = cli(broker, "group", "describe", "no-such-group", check=False)
    assert result.returncode == 1
    assert "consumer group 'no-such-group' does not exist" in result.stderr.decode()
