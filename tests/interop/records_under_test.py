"""The records the pure-Python clients send and expect back: every shape a record can take."""

BASE_TIMESTAMP_MS = 1_700_000_000_000
TIMESTAMP_TYPE_CREATE_TIME = 0

# (key, value, headers); headers are (str, bytes) pairs, order and duplicates preserved.
RECORDS = [
    (b"k1", b"plain value", [("trace-id", b"abc"), ("trace-id", b"def")]),   # duplicate header keys
    (None, b"null key", []),
    (b"k2", None, []),                                                       # tombstone: null value
    (b"k3", b"", [("empty-header", b"")]),                                   # empty value, empty header value
    (b"", b"empty key", []),
    (None, None, [("only-header", b"\x00\x01\xff")]),                        # null key and null value
    (bytes(range(256))[::-1], bytes(range(256)), [("ключ", "значение".encode())]),  # all byte values, UTF-8
    (b"big", bytes(i * 31 % 251 for i in range(100_000)), []),              # 100 kB value
]


def timestamp_of(index):
    return BASE_TIMESTAMP_MS + index * 1000

# kafka-python and aiokafka refuse a record whose key and value are both null before it reaches the
# wire; confluent-kafka sends it (test_confluent covers that shape).
SENDABLE_BY_PURE_PYTHON = [(k, v, h) for k, v, h in RECORDS if k is not None or v is not None]
