"""confluent-kafka's AdminClient against ringlog: create (configs, validate-only), describe, alter, grow,
delete records, describe configs and cluster, delete."""
import time

import pytest
from confluent_kafka import KafkaException, Producer, TopicCollection, TopicPartition
from confluent_kafka.admin import (AlterConfigOpType, ConfigEntry, ConfigResource, ConfigSource, NewPartitions,
                                   NewTopic, ResourceType)

import ck_helpers

T = ck_helpers.ADMIN_TIMEOUT_S
FLUSH_TIMEOUT_S = 30
KAFKA_INVALID_CONFIG = 40


def produce_values(bootstrap, topic, values, partition=0, **conf):
    reports = []
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5, **conf})
    for v in values:
        producer.produce(topic, value=v, partition=partition,
                         on_delivery=lambda err, msg: reports.append((err, msg.partition(), msg.offset())))
    assert producer.flush(FLUSH_TIMEOUT_S) == 0
    return reports


def topic_configs(admin, topic):
    return admin.describe_configs([ConfigResource(ResourceType.TOPIC, topic)])[
        ConfigResource(ResourceType.TOPIC, topic)].result(T)


def test_create_with_configs_then_describe_alter_and_delete(broker, unique_topic):
    admin = ck_helpers.admin(broker.bootstrap)
    new = NewTopic(unique_topic, num_partitions=2, replication_factor=1,
                   config={"retention.ms": "3600000", "cleanup.policy": "compact", "max.message.bytes": "2000"})
    admin.create_topics([new], operation_timeout=T)[unique_topic].result(T)

    described = admin.describe_topics(TopicCollection([unique_topic]))[unique_topic].result(T)
    assert described.name == unique_topic
    assert [p.id for p in described.partitions] == [0, 1]
    assert unique_topic in admin.list_topics(timeout=T).topics

    configs = topic_configs(admin, unique_topic)
    assert configs["retention.ms"].value == "3600000"
    assert configs["retention.ms"].source == ConfigSource.DYNAMIC_TOPIC_CONFIG.value
    assert configs["cleanup.policy"].value == "compact"
    assert configs["segment.bytes"].value == "1073741824"
    assert configs["segment.bytes"].source == ConfigSource.DEFAULT_CONFIG.value
    assert not configs["retention.ms"].is_read_only and not configs["retention.ms"].is_sensitive

    # max.message.bytes is enforced by Produce: 2000 bytes refuses a 5000-byte value.
    reports = produce_values(broker.bootstrap, unique_topic, [b"x" * 5000], **{"message.max.bytes": 100_000})
    assert reports[0][0] is not None and reports[0][0].code() == 10   # MSG_SIZE_TOO_LARGE

    # alter_configs replaces every override; incremental_alter_configs changes one.
    admin.alter_configs([ConfigResource(ResourceType.TOPIC, unique_topic,
                                        set_config={"retention.ms": "7200000", "max.message.bytes": "10000"})])[
        ConfigResource(ResourceType.TOPIC, unique_topic)].result(T)
    configs = topic_configs(admin, unique_topic)
    assert configs["retention.ms"].value == "7200000"
    assert configs["cleanup.policy"].value == "delete"      # back to the default: not in the new set
    assert configs["cleanup.policy"].source == ConfigSource.DEFAULT_CONFIG.value

    reports = produce_values(broker.bootstrap, unique_topic, [b"y" * 5000], **{"message.max.bytes": 100_000})
    assert reports == [(None, 0, 0)], "the larger max.message.bytes takes effect at once"

    resource = ConfigResource(ResourceType.TOPIC, unique_topic, incremental_configs=[
        ConfigEntry("segment.bytes", "1048576", incremental_operation=AlterConfigOpType.SET),
        ConfigEntry("retention.ms", None, incremental_operation=AlterConfigOpType.DELETE),
        ConfigEntry("cleanup.policy", "compact", incremental_operation=AlterConfigOpType.APPEND)])
    admin.incremental_alter_configs([resource])[resource].result(T)
    configs = topic_configs(admin, unique_topic)
    assert configs["segment.bytes"].value == "1048576"
    assert configs["segment.bytes"].source == ConfigSource.DYNAMIC_TOPIC_CONFIG.value
    assert configs["retention.ms"].value == "604800000"
    assert configs["cleanup.policy"].value == "delete,compact"
    assert configs["max.message.bytes"].value == "10000"

    # Values survive a restart.
    broker.restart()
    admin = ck_helpers.admin(broker.bootstrap)
    configs = topic_configs(admin, unique_topic)
    assert (configs["segment.bytes"].value, configs["max.message.bytes"].value) == ("1048576", "10000")

    admin.delete_topics([unique_topic], operation_timeout=T)[unique_topic].result(T)
    assert unique_topic not in admin.list_topics(timeout=T).topics


def test_invalid_configs_and_validate_only_create_nothing(broker, unique_topic):
    admin = ck_helpers.admin(broker.bootstrap)
    admin.create_topics([NewTopic(unique_topic, 3, 1, config={"retention.ms": "1000"})],
                        validate_only=True, operation_timeout=T)[unique_topic].result(T)
    assert unique_topic not in admin.list_topics(timeout=T).topics

    for bad in ({"no.such.config": "1"}, {"retention.ms": "soon"}, {"cleanup.policy": "shred"},
                {"segment.bytes": "0"}):
        future = admin.create_topics([NewTopic(unique_topic, 1, 1, config=bad)], operation_timeout=T)[unique_topic]
        with pytest.raises(KafkaException) as raised:
            future.result(T)
        assert raised.value.args[0].code() == KAFKA_INVALID_CONFIG, bad
    assert unique_topic not in admin.list_topics(timeout=T).topics

    ck_helpers.create_topic(broker.bootstrap, unique_topic, 1)
    resource = ConfigResource(ResourceType.TOPIC, unique_topic, set_config={"retention.ms": "-7"})
    with pytest.raises(KafkaException) as raised:
        admin.alter_configs([resource])[resource].result(T)
    assert raised.value.args[0].code() == KAFKA_INVALID_CONFIG
    resource = ConfigResource(ResourceType.TOPIC, unique_topic, set_config={"retention.ms": "5"})
    admin.alter_configs([resource], validate_only=True)[resource].result(T)
    assert topic_configs(admin, unique_topic)["retention.ms"].value == "604800000"


def test_create_partitions_then_produce_to_and_consume_the_new_one(broker, unique_topic):
    admin = ck_helpers.admin(broker.bootstrap)
    ck_helpers.create_topic(broker.bootstrap, unique_topic, 1)
    admin.create_partitions([NewPartitions(unique_topic, 3)], operation_timeout=T)[unique_topic].result(T)
    assert ck_helpers.topic_partitions(broker.bootstrap, unique_topic) == [0, 1, 2]

    with pytest.raises(KafkaException) as raised:
        admin.create_partitions([NewPartitions(unique_topic, 2)], operation_timeout=T)[unique_topic].result(T)
    assert raised.value.args[0].code() == 37   # INVALID_PARTITIONS

    reports = produce_values(broker.bootstrap, unique_topic, [b"p2-a", b"p2-b"], partition=2)
    assert reports == [(None, 2, 0), (None, 2, 1)]
    messages = ck_helpers.consume_from_beginning(broker.bootstrap, unique_topic, [2], 2, timeout_s=30)
    assert [(m.partition(), m.offset(), m.value()) for m in messages] == [(2, 0, b"p2-a"), (2, 1, b"p2-b")]

    broker.restart()
    assert ck_helpers.topic_partitions(broker.bootstrap, unique_topic) == [0, 1, 2]


def test_delete_records_moves_the_low_watermark_durably(broker, unique_topic):
    admin = ck_helpers.admin(broker.bootstrap)
    ck_helpers.create_topic(broker.bootstrap, unique_topic, 1)
    produce_values(broker.bootstrap, unique_topic, [f"m{i}".encode() for i in range(10)], acks="all")

    result = admin.delete_records([TopicPartition(unique_topic, 0, 6)], operation_timeout=T)
    deleted = result[TopicPartition(unique_topic, 0, 6)].result(T)
    assert deleted.low_watermark == 6
    assert ck_helpers.watermarks(broker.bootstrap, unique_topic, 0) == (6, 10)
    messages = ck_helpers.consume_from_beginning(broker.bootstrap, unique_topic, [0], 4, timeout_s=30)
    assert [(m.offset(), m.value()) for m in messages] == [(i, f"m{i}".encode()) for i in range(6, 10)]

    broker.restart()
    assert ck_helpers.watermarks(broker.bootstrap, unique_topic, 0) == (6, 10)
    messages = ck_helpers.consume_from_beginning(broker.bootstrap, unique_topic, [0], 4, timeout_s=30)
    assert [m.offset() for m in messages] == [6, 7, 8, 9]


def test_describe_broker_configs_and_cluster(make_broker):
    broker = make_broker(properties="log.retention.ms=86400000\nnum.partitions=2\n")
    admin = ck_helpers.admin(broker.bootstrap)
    resource = ConfigResource(ResourceType.BROKER, "1")
    configs = admin.describe_configs([resource])[resource].result(T)
    assert configs["log.retention.ms"].value == "86400000"
    assert configs["log.retention.ms"].source == ConfigSource.STATIC_BROKER_CONFIG.value
    assert configs["num.partitions"].value == "2"
    assert configs["log.segment.bytes"].source == ConfigSource.DEFAULT_CONFIG.value
    assert configs["node.id"].is_read_only

    # A topic without overrides inherits the broker's static value, with its synonyms listed.
    ck_helpers.create_topic(broker.bootstrap, "inherits", 1)
    topic = topic_configs(admin, "inherits")
    assert topic["retention.ms"].value == "86400000"
    assert topic["retention.ms"].source == ConfigSource.STATIC_BROKER_CONFIG.value
    assert "log.retention.ms" in topic["retention.ms"].synonyms

    # Dynamic broker configs are stored in the data dir and survive a restart.
    change = ConfigResource(ResourceType.BROKER, "1", incremental_configs=[
        ConfigEntry("log.retention.bytes", "123456789", incremental_operation=AlterConfigOpType.SET)])
    admin.incremental_alter_configs([change])[change].result(T)
    broker.restart()
    admin = ck_helpers.admin(broker.bootstrap)
    configs = admin.describe_configs([resource])[resource].result(T)
    assert configs["log.retention.bytes"].value == "123456789"
    assert configs["log.retention.bytes"].source == ConfigSource.DYNAMIC_BROKER_CONFIG.value

    cluster = admin.describe_cluster(request_timeout=T).result(T)
    assert cluster.controller.id == 1
    assert [(n.id, n.host, n.port) for n in cluster.nodes] == [(1, "127.0.0.1", broker.port)]
    assert cluster.cluster_id
