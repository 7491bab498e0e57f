"""server.properties and flags, as a user sets them: Kafka's key names, flags win over the file."""
import pytest
from kafka import KafkaProducer
from kafka.errors import KafkaTimeoutError

import ck_helpers

METADATA_WAIT_MS = 3_000


def produce_one(bootstrap, topic):
    producer = KafkaProducer(bootstrap_servers=bootstrap, max_block_ms=METADATA_WAIT_MS)
    try:
        return producer.send(topic, value=b"x").get(timeout=10)
    finally:
        producer.close(timeout=5)


def test_num_partitions_from_server_properties_applies_to_auto_created_topics(make_broker, unique_topic):
    broker = make_broker(properties="num.partitions=2\n")

    produce_one(broker.bootstrap, unique_topic)

    assert ck_helpers.topic_partitions(broker.bootstrap, unique_topic) == [0, 1]


def test_default_partitions_flag_overrides_the_file(make_broker, unique_topic):
    broker = make_broker(extra_args=["--default-partitions", "4"], properties="num.partitions=2\n")

    produce_one(broker.bootstrap, unique_topic)

    assert ck_helpers.topic_partitions(broker.bootstrap, unique_topic) == [0, 1, 2, 3]


def test_with_auto_create_disabled_an_unknown_topic_stays_unknown(make_broker, unique_topic):
    broker = make_broker(properties="auto.create.topics.enable=false\n")

    with pytest.raises(KafkaTimeoutError):
        produce_one(broker.bootstrap, unique_topic)   # metadata never shows the topic

    assert ck_helpers.topic_partitions(broker.bootstrap, unique_topic) is None
    # Explicit creation still works.
    ck_helpers.create_topic(broker.bootstrap, unique_topic, 1)
    assert produce_one(broker.bootstrap, unique_topic).offset == 0


def test_a_second_broker_on_the_same_data_directory_refuses_to_start(broker, tmp_path):
    # Two brokers on one directory would hand out the same offsets and overwrite acknowledged data.
    import subprocess
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    second = subprocess.run([broker.binary, "serve", "--listen", f"127.0.0.1:{port}", "--data", broker.data_dir],
                            capture_output=True, text=True, timeout=30)
    assert second.returncode != 0
    assert "in use by another process" in second.stderr, second.stderr
    assert broker.alive()


@pytest.mark.parametrize("sendfile", ["true", "false"])
def test_fetches_serve_the_same_bytes_with_and_without_sendfile(make_broker, unique_topic, sendfile):
    # ringlog.fetch.sendfile=false copies record bytes through user space (the benchmark's comparison);
    # what a consumer receives must not depend on it.
    from confluent_kafka import Producer
    broker = make_broker(properties=f"ringlog.fetch.sendfile={sendfile}\n")
    ck_helpers.create_topic(broker.bootstrap, unique_topic, 1)
    producer = Producer({"bootstrap.servers": broker.bootstrap, "linger.ms": 5})
    values = [f"value-{i}-".encode() * (i % 7 + 1) for i in range(2000)]
    for v in values:
        producer.produce(unique_topic, value=v, partition=0)
    assert producer.flush(30) == 0
    messages = ck_helpers.consume_from_beginning(broker.bootstrap, unique_topic, [0], len(values))
    assert [m.value() for m in messages] == values
