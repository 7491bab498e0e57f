"""kafka-python's KafkaAdminClient against ringlog: create, describe configs, alter, cluster, delete."""
import pytest
from kafka import KafkaAdminClient, TopicPartition
from kafka.admin import ConfigResource, ConfigResourceType, NewPartitions
from kafka.errors import InvalidConfigurationError

REQUEST_TIMEOUT_MS = 15_000


@pytest.fixture
def admin(broker):
    client = KafkaAdminClient(bootstrap_servers=broker.bootstrap, request_timeout_ms=REQUEST_TIMEOUT_MS)
    yield client
    client.close()


def test_create_describe_configs_alter_and_delete(admin, unique_topic):
    admin.create_topics({unique_topic: {"num_partitions": 2, "replication_factor": 1,
                                        "configs": {"retention.ms": "120000"}}})
    assert unique_topic in admin.list_topics()

    configs = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, unique_topic)], config_filter="all")
    topic = configs["topic"][unique_topic]
    assert topic["retention.ms"]["value"] == "120000"
    assert topic["retention.ms"]["config_source"] == "DYNAMIC_TOPIC_CONFIG"
    assert topic["segment.bytes"]["config_source"] == "DEFAULT_CONFIG"
    modified = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, unique_topic)])
    assert set(modified["topic"][unique_topic]) == {"retention.ms"}

    admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, unique_topic, {"retention.bytes": "5000000"})])
    topic = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, unique_topic)])["topic"][unique_topic]
    assert {k: v["value"] for k, v in topic.items()} == {"retention.ms": "120000", "retention.bytes": "5000000"}

    with pytest.raises(InvalidConfigurationError):
        admin.create_topics({unique_topic + "-bad": {"num_partitions": 1, "replication_factor": 1,
                                                     "configs": {"max.message.bytes": "lots"}}})

    admin.create_partitions({unique_topic: NewPartitions(total_count=4)})
    assert len(admin.describe_topics([unique_topic])[0]["partitions"]) == 4

    cluster = admin.describe_cluster()
    assert cluster["controller_id"] == 1
    assert [b["broker_id"] for b in cluster["brokers"]] == [1]

    admin.delete_topics([unique_topic])
    assert unique_topic not in admin.list_topics()
