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


def test_create_topics_refuses_what_kafka_refuses_and_creates_nothing(admin, unique_topic):
    from kafka.admin import NewTopic
    cases = [
        ([NewTopic(unique_topic + "-dup", 1, 1), NewTopic(unique_topic + "-dup", 1, 1)], [42, 42]),  # INVALID_REQUEST
        ([NewTopic(unique_topic + "-rf0", 1, 0)], [38]),            # INVALID_REPLICATION_FACTOR
        ([NewTopic(unique_topic + "-rf3", 1, 3)], [38]),
        ([NewTopic(unique_topic + "-many", 100_000, 1)], [37]),     # INVALID_PARTITIONS
    ]
    for topics, codes in cases:
        result = admin.create_topics(topics, raise_errors=False)
        assert [t["error_code"] for t in result["topics"]] == codes, result
        assert all(t["error_message"] for t in result["topics"]), result
        # validate_only must refuse exactly what a real create refuses.
        checked = admin.create_topics(topics, validate_only=True, raise_errors=False)
        assert [t["error_code"] for t in checked["topics"]] == codes, checked
    assert not [t for t in admin.list_topics() if t.startswith(unique_topic)]
