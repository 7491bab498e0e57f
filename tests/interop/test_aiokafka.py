"""aiokafka (asyncio) against ringlog: every record shape round-trips; unknown topics are created."""
import asyncio

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from records_under_test import SENDABLE_BY_PURE_PYTHON as SENDABLE, TIMESTAMP_TYPE_CREATE_TIME, timestamp_of

SEND_TIMEOUT_S = 30
CONSUME_TIMEOUT_S = 30


async def read_partition(bootstrap, topic, partition, expected):
    """assign() + seek_to_beginning(): no consumer group involved."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)
    await consumer.start()
    try:
        tp = TopicPartition(topic, partition)
        consumer.assign([tp])
        await consumer.seek_to_beginning(tp)
        records = []
        loop = asyncio.get_running_loop()
        deadline = loop.time() + CONSUME_TIMEOUT_S
        while len(records) < expected and loop.time() < deadline:
            for batch in (await consumer.getmany(timeout_ms=500)).values():
                records.extend(batch)
        for batch in (await consumer.getmany(timeout_ms=300)).values():
            records.extend(batch)
        return records
    finally:
        await consumer.stop()


async def send_all(bootstrap, topic, records, **send_args):
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    await producer.start()
    try:
        return [await asyncio.wait_for(
                    producer.send_and_wait(topic, key=k, value=v, headers=h, timestamp_ms=timestamp_of(i),
                                           **send_args), SEND_TIMEOUT_S)
                for i, (k, v, h) in enumerate(records)]
    finally:
        await producer.stop()


def test_every_record_shape_round_trips_with_headers_and_timestamps(broker, unique_topic):
    async def scenario():
        # The topic does not exist yet: the producer's Metadata request creates it.
        metadata = await send_all(broker.bootstrap, unique_topic, SENDABLE, partition=0)
        assert [(m.topic, m.partition, m.offset) for m in metadata] == \
            [(unique_topic, 0, i) for i in range(len(SENDABLE))]
        return await read_partition(broker.bootstrap, unique_topic, 0, len(SENDABLE))

    records = asyncio.run(scenario())

    assert [(r.offset, r.key, r.value, list(r.headers), r.timestamp, r.timestamp_type) for r in records] == \
        [(i, k, v, h, timestamp_of(i), TIMESTAMP_TYPE_CREATE_TIME) for i, (k, v, h) in enumerate(SENDABLE)]


def test_producing_to_an_unknown_topic_creates_it_with_the_default_partition_count(make_broker, unique_topic):
    broker = make_broker(extra_args=["--default-partitions", "3"])

    async def scenario():
        producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap, acks="all")
        await producer.start()
        try:
            sent = await asyncio.wait_for(producer.send_and_wait(unique_topic, value=b"first"), SEND_TIMEOUT_S)
            partitions = await producer.partitions_for(unique_topic)
        finally:
            await producer.stop()
        records = await read_partition(broker.bootstrap, unique_topic, sent.partition, 1)
        return sent, partitions, records

    sent, partitions, records = asyncio.run(scenario())

    assert partitions == {0, 1, 2}
    assert sent.offset == 0
    assert [(r.offset, r.key, r.value) for r in records] == [(0, None, b"first")]
