"""Consumer groups with the pure-Python clients: kafka-python and aiokafka members share a topic,
commit, and the committed offsets read back through OffsetFetch."""
import asyncio
import time

from aiokafka import AIOKafkaConsumer
from aiokafka import TopicPartition as AioTopicPartition
from kafka import KafkaConsumer
from kafka import TopicPartition as KpTopicPartition
from kafka.structs import OffsetAndMetadata

import ck_helpers
from group_helpers import produce

PARTITIONS = 4
PER_PARTITION = 25
CONSUME_TIMEOUT_S = 60


def test_kafka_python_member_consumes_commits_and_resumes(broker, unique_topic):
    # One kafka-python member per group: with two members in one process, kafka-python 3.0.12 at times
    # never finishes processing a SyncGroup answer it has received (its log shows the response parsed,
    # then nothing until close), so the multi-member case is covered by aiokafka and librdkafka.
    ck_helpers.create_topic(broker.bootstrap, unique_topic, PARTITIONS)
    total = produce(broker.bootstrap, unique_topic, PARTITIONS, PER_PARTITION)

    def member():
        return KafkaConsumer(unique_topic, bootstrap_servers=broker.bootstrap, group_id="kp-group",
                             auto_offset_reset="earliest", enable_auto_commit=False,
                             session_timeout_ms=6000, heartbeat_interval_ms=500)

    def consume(consumer, wanted, commit_upto):
        seen = {}
        deadline = time.monotonic() + CONSUME_TIMEOUT_S
        while len(seen) < wanted and time.monotonic() < deadline:
            for tp, records in consumer.poll(timeout_ms=200).items():
                records = [r for r in records if r.offset < commit_upto]
                for r in records:
                    seen[(tp.partition, r.offset)] = r.value
                if records:
                    consumer.commit({tp: OffsetAndMetadata(records[-1].offset + 1, f"kp-{tp.partition}", -1)})
        return seen

    first = member()
    try:
        half = PER_PARTITION // 2
        seen = consume(first, half * PARTITIONS, half)
        assert len(seen) == half * PARTITIONS
        committed = {p: first.committed(KpTopicPartition(unique_topic, p)) for p in range(PARTITIONS)}
        assert committed == {p: half for p in range(PARTITIONS)}
    finally:
        first.close()

    second = member()      # a new member of the same group resumes from the committed offsets
    try:
        rest = consume(second, total - half * PARTITIONS, PER_PARTITION)
        assert sorted(rest) == [(p, o) for p in range(PARTITIONS) for o in range(half, PER_PARTITION)]
    finally:
        second.close()


def test_aiokafka_members_split_a_topic_and_commit_with_metadata(broker, unique_topic):
    ck_helpers.create_topic(broker.bootstrap, unique_topic, PARTITIONS)

    async def run():
        members = [AIOKafkaConsumer(unique_topic, bootstrap_servers=broker.bootstrap, group_id="aio-group",
                                    auto_offset_reset="earliest", enable_auto_commit=False,
                                    session_timeout_ms=6000, heartbeat_interval_ms=500) for _ in range(2)]
        for m in members:
            await m.start()
        seen = {}
        try:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + CONSUME_TIMEOUT_S
            def balanced():
                owned = sorted(p.partition for m in members for p in m.assignment())
                return owned == list(range(PARTITIONS)) and all(m.assignment() for m in members)
            while not balanced() and loop.time() < deadline:
                for m in members:
                    assert not await m.getmany(timeout_ms=100)
            assert sorted(p.partition for m in members for p in m.assignment()) == list(range(PARTITIONS))
            total = produce(broker.bootstrap, unique_topic, PARTITIONS, PER_PARTITION)
            while len(seen) < total and loop.time() < deadline:
                for index, m in enumerate(members):
                    batches = await m.getmany(timeout_ms=200)
                    for tp, records in batches.items():
                        for r in records:
                            seen[(tp.partition, r.offset)] = index
                        await m.commit({tp: (records[-1].offset + 1, f"aio-{tp.partition}")})
            assert len(seen) == total
            assert set(seen.values()) == {0, 1}, "both members consumed"
            for p in range(PARTITIONS):
                assert await members[0].committed(AioTopicPartition(unique_topic, p)) == PER_PARTITION
        finally:
            for m in members:
                await m.stop()

    asyncio.run(asyncio.wait_for(run(), CONSUME_TIMEOUT_S + 30))


def test_kafka_python_admin_finds_coordinators_for_several_groups_in_one_batched_request(broker, unique_topic):
    # kafka-python's admin sends FindCoordinator v4 (KIP-699: a batch of keys) when the broker advertises it.
    from kafka.admin import KafkaAdminClient
    from kafka.protocol.metadata import FindCoordinatorRequest

    ck_helpers.create_topic(broker.bootstrap, unique_topic, 2)
    produce(broker.bootstrap, unique_topic, 2, 5)
    groups = {"batch-a": 3, "batch-b": 5}
    for group, offset in groups.items():
        committer = KafkaConsumer(bootstrap_servers=broker.bootstrap, group_id=group, enable_auto_commit=False)
        try:
            committer.commit({KpTopicPartition(unique_topic, 0): OffsetAndMetadata(offset, f"meta-{group}", -1)})
        finally:
            committer.close()

    admin = KafkaAdminClient(bootstrap_servers=broker.bootstrap)
    try:
        assert admin._manager.broker_version_data.api_version(FindCoordinatorRequest) >= 4
        described = admin.describe_groups(list(groups))
        assert sorted(described) == sorted(groups)
        assert all(d["group_state"] == "Empty" for d in described.values()), described
        offsets = admin.list_group_offsets({group: None for group in groups})
        for group, offset in groups.items():
            assert offsets[group][KpTopicPartition(unique_topic, 0)].offset == offset
            assert offsets[group][KpTopicPartition(unique_topic, 0)].metadata == f"meta-{group}"
    finally:
        admin.close()
