"""Malformed and hostile input on raw sockets: the broker refuses it the way Kafka does and keeps serving.

Every request here is built byte by byte in kafka_wire.py, so nothing a client library would fix up
(sizes, CRCs, versions) hides a broker bug.
"""
import gzip
import os
import struct

import pytest

import ck_helpers
import kafka_wire as kw
from kafka_wire import Connection

PRODUCE_VERSION_MAX_HERE = 8     # highest non-flexible Produce version kafka_wire builds
KAFKA_MAX_MESSAGE_BYTES = 1_048_588  # Kafka's default max.message.bytes (1 MiB + record overhead)

VALID_RECORDS = [(b"k0", b"before-0"), (None, b"before-1"), (b"k2", b"")]


def connect(broker):
    return Connection(broker.host, broker.port)


def produce_version(broker):
    with connect(broker) as conn:
        error_code, ranges = conn.api_versions()
    assert error_code == kw.ERROR_NONE
    low, high = ranges[kw.API_PRODUCE]
    version = min(high, PRODUCE_VERSION_MAX_HERE)
    assert low <= version and version >= 3, f"Produce versions {low}..{high} leave no magic-2 version <= 8"
    return version


def assert_still_serving(broker):
    assert broker.alive(), "broker process died"
    with connect(broker) as conn:
        error_code, ranges = conn.api_versions()
    assert error_code == kw.ERROR_NONE
    assert kw.API_API_VERSIONS in ranges


def topic_with_records(broker, topic):
    """Creates a 1-partition topic and writes VALID_RECORDS at offsets 0..2 with a hand-built batch."""
    ck_helpers.create_topic(broker.bootstrap, topic, 1)
    version = produce_version(broker)
    with connect(broker) as conn:
        result = conn.produce(version, topic, 0, kw.record_batch(VALID_RECORDS))
    assert result == [(topic, 0, kw.ERROR_NONE, 0)]
    return version


def assert_log_holds_exactly(broker, topic, records):
    messages = ck_helpers.consume_from_beginning(broker.bootstrap, topic, [0], len(records), timeout_s=30)
    assert [(m.offset(), m.key(), m.value()) for m in messages] == \
        [(i, k, v) for i, (k, v) in enumerate(records)]
    assert ck_helpers.watermarks(broker.bootstrap, topic, 0) == (0, len(records))


def test_crc32c_matches_the_castagnoli_check_value():
    assert kw.crc32c(b"123456789") == 0xE3069283


@pytest.mark.parametrize("size_field", [0x7FFFFFFF, -1], ids=["size-2GiB", "size-minus-1"])
def test_absurd_length_prefix_closes_the_connection_and_the_broker_keeps_serving(broker, size_field):
    with connect(broker) as conn:
        conn.send(struct.pack(">i", size_field) + b"\x00" * 64)
        assert conn.closed_by_peer(), "broker kept a connection whose frame size is impossible"
    assert_still_serving(broker)


def test_unknown_api_key_closes_the_connection(broker):
    with connect(broker) as conn:
        conn.send(kw.frame(kw.request_header_v1(api_key=9999, api_version=0, correlation_id=7)))
        assert conn.closed_by_peer()
    assert_still_serving(broker)


def test_api_versions_v99_answers_unsupported_version_in_a_v0_body(broker):
    # v99 is past every flexible version, so the client sends header v2 (v1 + tagged fields) and a v3+ body.
    header = kw.int16(kw.API_API_VERSIONS) + kw.int16(99) + kw.int32(42) + kw.string("ringlog-interop") + b"\x00"
    body = kw.compact_string("ringlog-interop") + kw.compact_string("1.0") + b"\x00"
    with connect(broker) as conn:
        conn.send(kw.frame(header + body))
        correlation_id, response = conn.read_response()
    assert correlation_id == 42
    error_code, ranges = kw.parse_api_versions_v0(response)
    assert error_code == kw.ERROR_UNSUPPORTED_VERSION
    low, high = ranges[kw.API_API_VERSIONS]
    assert low == 0 and high >= 3, f"ApiVersions range {low}..{high}"
    assert_still_serving(broker)


def test_produce_body_shorter_than_its_fields_closes_or_errors_and_keeps_the_data(broker, unique_topic):
    version = topic_with_records(broker, unique_topic)
    full = kw.produce_request(version, 9, unique_topic, 0, kw.record_batch([(b"x", b"never stored")]))
    # Cut inside the topic name: the frame itself is well-formed, its body is not.
    header_bytes = len(kw.request_header_v1(kw.API_PRODUCE, version, 9))
    topic_name_at = header_bytes + 2 + 2 + 4 + 4 + 2   # transactional_id, acks, timeout, topic count, name length
    cut = full[4:4 + topic_name_at + len(unique_topic) // 2]
    with connect(broker) as conn:
        conn.send(kw.frame(cut))
        try:
            correlation_id, body = conn.read_response()
        except (ConnectionError, OSError):
            pass  # closing the connection is what Kafka does on an unparsable request
        else:
            assert correlation_id == 9
            results = kw.parse_produce_response(version, body)
            assert all(error != kw.ERROR_NONE for *_, error, _ in results), results
    assert_still_serving(broker)
    assert_log_holds_exactly(broker, unique_topic, VALID_RECORDS)


def test_frame_cut_off_mid_request_is_dropped_and_keeps_the_data(broker, unique_topic):
    version = topic_with_records(broker, unique_topic)
    full = kw.produce_request(version, 10, unique_topic, 0, kw.record_batch([(b"x", b"never stored")]))
    with connect(broker) as conn:
        conn.send(full[:len(full) - 20])   # the size prefix promises 20 more bytes that never come
    assert_still_serving(broker)
    assert_log_holds_exactly(broker, unique_topic, VALID_RECORDS)


def test_batch_with_a_flipped_byte_is_rejected_as_corrupt_and_not_appended(broker, unique_topic):
    version = topic_with_records(broker, unique_topic)
    batch = bytearray(kw.record_batch([(b"key", b"value that gets flipped")]))
    batch[-3] ^= 0x01                  # inside the record's value: only the CRC can notice
    with connect(broker) as conn:
        assert conn.produce(version, unique_topic, 0, bytes(batch)) == \
            [(unique_topic, 0, kw.ERROR_CORRUPT_MESSAGE, -1)]
        # Nothing was appended: the next valid batch lands right after the first three records.
        assert conn.produce(version, unique_topic, 0, kw.record_batch([(b"after", b"ok")])) == \
            [(unique_topic, 0, kw.ERROR_NONE, 3)]
    assert_log_holds_exactly(broker, unique_topic, VALID_RECORDS + [(b"after", b"ok")])


def test_batch_over_max_message_bytes_is_rejected_as_too_large(broker, unique_topic):
    version = topic_with_records(broker, unique_topic)
    big = kw.record_batch([(b"big", b"\xab" * (KAFKA_MAX_MESSAGE_BYTES + 10_000))])
    assert len(big) > KAFKA_MAX_MESSAGE_BYTES
    with connect(broker) as conn:
        assert conn.produce(version, unique_topic, 0, big) == \
            [(unique_topic, 0, kw.ERROR_MESSAGE_TOO_LARGE, -1)]
    assert_still_serving(broker)
    assert_log_holds_exactly(broker, unique_topic, VALID_RECORDS)


def test_gzip_batch_whose_payload_does_not_decompress_is_rejected_and_not_appended(broker, unique_topic):
    # The CRC is right (it covers the garbage), so only decompressing the records shows the batch is bad;
    # stored, it would stall every consumer of the partition at that offset.
    version = topic_with_records(broker, unique_topic)
    bad = kw.record_batch([], attributes=kw.ATTRIBUTE_GZIP, payload=os.urandom(64), count=2)
    with connect(broker) as conn:
        assert conn.produce(version, unique_topic, 0, bad) == [(unique_topic, 0, kw.ERROR_CORRUPT_MESSAGE, -1)]
    assert_still_serving(broker)
    assert_log_holds_exactly(broker, unique_topic, VALID_RECORDS)


def test_gzip_batch_built_by_hand_is_accepted_and_decoded_by_librdkafka(broker, unique_topic):
    version = topic_with_records(broker, unique_topic)
    records = [(b"gz0", b"compressed-0"), (b"gz1", b"compressed-1")]
    plain = b"".join(kw.record(i, k, v) for i, (k, v) in enumerate(records))
    batch = kw.record_batch(records, attributes=kw.ATTRIBUTE_GZIP, payload=gzip.compress(plain))
    with connect(broker) as conn:
        assert conn.produce(version, unique_topic, 0, batch) == [(unique_topic, 0, kw.ERROR_NONE, 3)]
    assert_log_holds_exactly(broker, unique_topic, VALID_RECORDS + records)


@pytest.mark.parametrize("shape", ["no-records", "transactional"])
def test_empty_or_transactional_batches_are_invalid_records(broker, unique_topic, shape):
    version = topic_with_records(broker, unique_topic)
    batch = (kw.record_batch([]) if shape == "no-records"
             else kw.record_batch([(b"tx", b"in a transaction")], attributes=kw.ATTRIBUTE_TRANSACTIONAL))
    with connect(broker) as conn:
        assert conn.produce(version, unique_topic, 0, batch) == [(unique_topic, 0, kw.ERROR_INVALID_RECORD, -1)]
    assert_log_holds_exactly(broker, unique_topic, VALID_RECORDS)
