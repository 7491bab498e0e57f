"""Consumer groups with confluent-kafka (librdkafka): rebalances, hand-over, independent groups,
offsets that survive kill -9, static membership, cooperative-sticky, admin operations, kcat -G."""
import subprocess
import time

from confluent_kafka import Consumer, KafkaException, TopicPartition
from confluent_kafka.admin import AdminClient

import ck_helpers
from group_helpers import SESSION_TIMEOUT_MS, Member, poll_until, produce

ASSIGN_TIMEOUT_S = 30
CONSUME_TIMEOUT_S = 60
ADMIN_TIMEOUT_S = 15


def exactly_once_each(members, partitions):
    owned = [p for m in members for p in m.assignment]
    return sorted(owned) == list(range(partitions))


def test_three_members_share_partitions_and_take_over_a_closed_members_work(broker, unique_topic):
    ck_helpers.create_topic(broker.bootstrap, unique_topic, 6)
    total = produce(broker.bootstrap, unique_topic, 6, 50)
    members = [Member(f"m{i}", broker.bootstrap, "handover", unique_topic) for i in range(3)]
    try:
        started = time.monotonic()
        assert poll_until(members, lambda: exactly_once_each(members, 6) and all(m.assignment for m in members),
                          ASSIGN_TIMEOUT_S, commit=True, limit=5), [m.assignment for m in members]
        print(f"3 members balanced in {time.monotonic() - started:.2f} s")
        assert all(len(m.assignment) == 2 for m in members), [m.assignment for m in members]

        leaving, staying = members[0], members[1:]
        leaving.close()
        closed_at = time.monotonic()
        total += produce(broker.bootstrap, unique_topic, 6, 50, start=50)
        assert poll_until(staying, lambda: exactly_once_each(staying, 6), SESSION_TIMEOUT_MS / 1000), \
            [m.assignment for m in staying]
        takeover_s = time.monotonic() - closed_at
        print(f"the 2 remaining members took over in {takeover_s:.2f} s")

        def consumed():
            return {c for m in members for c in m.consumed}
        assert poll_until(staying, lambda: len(consumed()) >= total, CONSUME_TIMEOUT_S)
        everything = {(p, o) for p in range(6) for o in range(100)}
        assert consumed() == everything

        # At-least-once: a message read twice was read first by a member that had not committed it.
        seen = {}
        duplicates = 0
        for m in members:
            for p, o in m.consumed:
                if (p, o) in seen and seen[(p, o)] is not m:
                    duplicates += 1
                    first = seen[(p, o)]
                    assert o >= first.committed.get(p, 0), f"{(p, o)} re-delivered although {first.name} committed it"
                seen.setdefault((p, o), m)
        print(f"{duplicates} duplicate(s), all from uncommitted ranges")
    finally:
        for m in members[1:]:
            m.close()


def test_three_groups_read_at_their_own_pace_with_independent_offsets_and_lag(broker, unique_topic):
    ck_helpers.create_topic(broker.bootstrap, unique_topic, 3)
    total = produce(broker.bootstrap, unique_topic, 3, 100)
    # Messages each group processes per poll: alerts keep up, billing batches, analytics trickles.
    paces = {"real-time-alerts": 20, "billing": 5, "analytics": 1}
    members = {g: Member(g, broker.bootstrap, g, unique_topic) for g in paces}
    try:
        deadline = time.monotonic() + CONSUME_TIMEOUT_S
        fast = members["real-time-alerts"]
        while len(fast.consumed) < total and time.monotonic() < deadline:
            for group, member in members.items():
                member.poll(commit=True, limit=paces[group], timeout=0.05)
        assert len(fast.consumed) == total
    finally:
        for member in members.values():
            member.close()
    consumed = {g: len(m.consumed) for g, m in members.items()}
    assert consumed["real-time-alerts"] > consumed["billing"] > consumed["analytics"] > 0, consumed

    for group, member in members.items():
        reader = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": group})
        try:
            answer = reader.committed([TopicPartition(unique_topic, p) for p in range(3)], timeout=ADMIN_TIMEOUT_S)
        finally:
            reader.close()
        offsets = {tp.partition: tp.offset for tp in answer}
        # Each group committed the next offset after the last message it processed, per partition
        # (-1001 is librdkafka's "no committed offset").
        assert offsets == {p: member.committed.get(p, -1001) for p in range(3)}, group
        assert len(set(member.consumed)) == consumed[group], "one member per group: no duplicates"
        lag = sum(ck_helpers.watermarks(broker.bootstrap, unique_topic, p)[1] - max(offsets[p], 0) for p in range(3))
        assert lag == total - consumed[group], group


def test_committed_offsets_and_metadata_survive_kill_9(broker, unique_topic):
    ck_helpers.create_topic(broker.bootstrap, unique_topic, 2)
    produce(broker.bootstrap, unique_topic, 2, 20)
    groups = {"resume-a": (7, 3), "resume-b": (15, 12)}
    for group, (off0, off1) in groups.items():
        member = Member(group, broker.bootstrap, group, unique_topic)
        try:
            assert poll_until([member], lambda: len(member.assignment) == 2, ASSIGN_TIMEOUT_S, commit=False)
            member.consumer.commit(offsets=[TopicPartition(unique_topic, 0, off0, metadata=f"{group} p0"),
                                            TopicPartition(unique_topic, 1, off1, metadata=f"{group} p1")],
                                   asynchronous=False)
        finally:
            member.close()

    broker.kill9()
    broker.start()

    for group, (off0, off1) in groups.items():
        reader = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": group})
        try:
            answer = reader.committed([TopicPartition(unique_topic, 0), TopicPartition(unique_topic, 1)],
                                      timeout=ADMIN_TIMEOUT_S)
        finally:
            reader.close()
        assert [(tp.offset, tp.metadata) for tp in answer] == [(off0, f"{group} p0"), (off1, f"{group} p1")]
        member = Member(group, broker.bootstrap, group, unique_topic)
        try:
            assert poll_until([member], lambda: {p for p, _ in member.consumed} == {0, 1}, CONSUME_TIMEOUT_S,
                              commit=False)
            first = {}
            for p, o in member.consumed:
                first.setdefault(p, o)
            assert first == {0: off0, 1: off1}, group
        finally:
            member.close()


def test_cooperative_sticky_member_joins_and_leaves_incrementally(broker, unique_topic):
    ck_helpers.create_topic(broker.bootstrap, unique_topic, 4)
    coop = {"partition.assignment.strategy": "cooperative-sticky"}
    first = Member("first", broker.bootstrap, "coop", unique_topic, **coop)
    second = None
    try:
        assert poll_until([first], lambda: first.assignment == {0, 1, 2, 3}, ASSIGN_TIMEOUT_S)
        second = Member("second", broker.bootstrap, "coop", unique_topic, **coop)
        started = time.monotonic()
        assert poll_until([first, second], lambda: len(first.assignment) == 2 and len(second.assignment) == 2
                          and exactly_once_each([first, second], 4), ASSIGN_TIMEOUT_S), \
            (first.assignment, second.assignment)
        print(f"cooperative hand-over of 2 partitions in {time.monotonic() - started:.2f} s")
        kept = set(first.assignment)
        second.close()
        second = None
        assert poll_until([first], lambda: first.assignment == {0, 1, 2, 3}, SESSION_TIMEOUT_MS / 1000 + 2)
        assert kept <= first.assignment
    finally:
        first.close()
        if second:
            second.close()


def test_static_member_restarting_within_session_timeout_keeps_its_assignment(broker, unique_topic):
    ck_helpers.create_topic(broker.bootstrap, unique_topic, 6)
    members = [Member(f"s{i}", broker.bootstrap, "static", unique_topic, **{"group.instance.id": f"instance-{i}"})
               for i in range(3)]
    try:
        assert poll_until(members, lambda: exactly_once_each(members, 6) and all(m.assignment for m in members),
                          ASSIGN_TIMEOUT_S)
        # Let stragglers settle: a balanced group stays balanced for a while.
        poll_until(members, lambda: False, 1.5)
        before = sorted(members[0].assignment)
        others = [m.rebalances for m in members[1:]]
        members[0].close()   # a static member sends no LeaveGroup
        members[0] = Member("s0-again", broker.bootstrap, "static", unique_topic, **{"group.instance.id": "instance-0"})
        assert poll_until(members, lambda: members[0].assignment, SESSION_TIMEOUT_MS / 1000 - 1)
        poll_until(members, lambda: False, 2.0)
        assert sorted(members[0].assignment) == before
        assert [m.rebalances for m in members[1:]] == others, "the other members were rebalanced"
    finally:
        for m in members:
            m.close()


def test_admin_lists_describes_and_deletes_groups(broker, unique_topic):
    ck_helpers.create_topic(broker.bootstrap, unique_topic, 2)
    produce(broker.bootstrap, unique_topic, 2, 5)
    active = Member("active", broker.bootstrap, "admin-active", unique_topic, **{"client.id": "admin-test"})
    idle = Member("idle", broker.bootstrap, "admin-idle", unique_topic)
    try:
        assert poll_until([active, idle], lambda: len(active.consumed) == 10 and len(idle.consumed) == 10,
                          CONSUME_TIMEOUT_S)
        idle.close()
        admin = AdminClient({"bootstrap.servers": broker.bootstrap})
        listed = admin.list_consumer_groups(request_timeout=ADMIN_TIMEOUT_S).result(ADMIN_TIMEOUT_S)
        states = {g.group_id: str(g.state) for g in listed.valid}
        assert states.keys() >= {"admin-active", "admin-idle"}
        assert "STABLE" in states["admin-active"] and "EMPTY" in states["admin-idle"]

        described = admin.describe_consumer_groups(["admin-active"], request_timeout=ADMIN_TIMEOUT_S)
        group = described["admin-active"].result(ADMIN_TIMEOUT_S)
        assert group.group_id == "admin-active" and "STABLE" in str(group.state)
        assert len(group.members) == 1 and group.members[0].client_id == "admin-test"
        assigned = {tp.partition for tp in group.members[0].assignment.topic_partitions}
        assert assigned == {0, 1}

        deleted = admin.delete_consumer_groups(["admin-idle", "admin-active"], request_timeout=ADMIN_TIMEOUT_S)
        deleted["admin-idle"].result(ADMIN_TIMEOUT_S)
        try:
            deleted["admin-active"].result(ADMIN_TIMEOUT_S)
            raise AssertionError("a group with members was deleted")
        except KafkaException as e:
            assert "NON_EMPTY_GROUP" in str(e) or e.args[0].code() == 68
        listed = admin.list_consumer_groups(request_timeout=ADMIN_TIMEOUT_S).result(ADMIN_TIMEOUT_S)
        assert "admin-idle" not in {g.group_id for g in listed.valid}
        reader = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "admin-idle"})
        try:
            answer = reader.committed([TopicPartition(unique_topic, 0)], timeout=ADMIN_TIMEOUT_S)
            assert answer[0].offset < 0, "offsets of a deleted group are gone"
        finally:
            reader.close()
    finally:
        active.close()


def test_kcat_consumes_as_a_group_member(broker, unique_topic):
    ck_helpers.create_topic(broker.bootstrap, unique_topic, 2)
    produce(broker.bootstrap, unique_topic, 2, 10)
    # -e: exit once every assigned partition is read to its end; the consumer commits on close.
    done = subprocess.run(["kcat", "-b", broker.bootstrap, "-G", "kcat-group", "-u", "-e",
                           "-X", "auto.offset.reset=earliest", "-X", "session.timeout.ms=6000",
                           "-f", "%p:%o\\n", unique_topic],
                          capture_output=True, text=True, timeout=CONSUME_TIMEOUT_S)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.split()
    assert sorted(lines) == sorted(f"{p}:{o}" for p in range(2) for o in range(10))
    reader = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "kcat-group"})
    try:
        answer = reader.committed([TopicPartition(unique_topic, p) for p in range(2)], timeout=ADMIN_TIMEOUT_S)
    finally:
        reader.close()
    assert [tp.offset for tp in answer] == [10, 10]


def test_clients_cannot_produce_to_or_delete_the_internal_offsets_topic(broker):
    from confluent_kafka import KafkaError, Producer
    failures = []
    producer = Producer({"bootstrap.servers": broker.bootstrap, "message.send.max.retries": 0,
                         "message.timeout.ms": 10_000})
    producer.produce("__consumer_offsets", value=b"forged", partition=0,
                     on_delivery=lambda err, msg: failures.append(err))
    producer.flush(ADMIN_TIMEOUT_S)
    assert len(failures) == 1 and failures[0] is not None
    assert failures[0].code() == KafkaError.TOPIC_EXCEPTION, failures[0]

    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    metadata = admin.list_topics(timeout=ADMIN_TIMEOUT_S)
    assert len(metadata.topics["__consumer_offsets"].partitions) == 50
    futures = admin.delete_topics(["__consumer_offsets"], operation_timeout=ADMIN_TIMEOUT_S)
    try:
        futures["__consumer_offsets"].result(ADMIN_TIMEOUT_S)
        raise AssertionError("the internal topic was deleted")
    except KafkaException as e:
        assert e.args[0].code() == KafkaError.TOPIC_EXCEPTION

    # More partitions would move groups away from their offsets; dropping compaction would lose them.
    from confluent_kafka.admin import ConfigResource, NewPartitions
    futures = admin.create_partitions([NewPartitions("__consumer_offsets", 60)])
    try:
        futures["__consumer_offsets"].result(ADMIN_TIMEOUT_S)
        raise AssertionError("partitions were added to the internal topic")
    except KafkaException as e:
        assert e.args[0].code() == KafkaError.INVALID_REQUEST, e
    assert len(admin.list_topics(timeout=ADMIN_TIMEOUT_S).topics["__consumer_offsets"].partitions) == 50
    resource = ConfigResource("topic", "__consumer_offsets", set_config={"cleanup.policy": "delete"})
    try:
        admin.alter_configs([resource])[resource].result(ADMIN_TIMEOUT_S)
        raise AssertionError("the internal topic stopped being compacted")
    except KafkaException as e:
        assert e.args[0].code() == KafkaError.INVALID_CONFIG, e


def test_a_re_created_topic_is_read_from_its_start_not_at_the_deleted_topics_offsets(broker, unique_topic):
    # Kafka deletes a topic's committed offsets with the topic; a group must not skip the new records.
    ck_helpers.create_topic(broker.bootstrap, unique_topic, 1)
    produce(broker.bootstrap, unique_topic, 1, 100)
    first = Member("first", broker.bootstrap, "recreate-group", unique_topic)
    try:
        assert poll_until([first], lambda: len(first.consumed) >= 100, CONSUME_TIMEOUT_S, commit=True)
        assert first.committed == {0: 100}
    finally:
        first.close()

    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    admin.delete_topics([unique_topic], operation_timeout=ADMIN_TIMEOUT_S)[unique_topic].result(ADMIN_TIMEOUT_S)
    ck_helpers.create_topic(broker.bootstrap, unique_topic, 1)
    # More records than the old commit (100): a stale offset would be in range and silently skip 0..99.
    produce(broker.bootstrap, unique_topic, 1, 150)

    second = Member("second", broker.bootstrap, "recreate-group", unique_topic)
    try:
        assert poll_until([second], lambda: len(second.consumed) >= 150, CONSUME_TIMEOUT_S, commit=True)
        assert sorted(o for _, o in second.consumed) == list(range(150))
    finally:
        second.close()
