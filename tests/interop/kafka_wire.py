"""Just enough of the Kafka wire protocol, written out by hand, to send requests no client library would.

Field layouts follow Apache Kafka's message definitions (ApiVersions, Produce) and the magic-2 record
batch format. Only non-flexible request versions are built here (header v1), which keeps every byte
visible; the one flexible request (ApiVersions v3+ header) is spelled out where it is used.
"""
import socket
import struct

API_PRODUCE = 0
API_API_VERSIONS = 18

ERROR_NONE = 0
ERROR_CORRUPT_MESSAGE = 2
ERROR_MESSAGE_TOO_LARGE = 10
ERROR_UNSUPPORTED_VERSION = 35
ERROR_INVALID_RECORD = 87

SOCKET_TIMEOUT_S = 10.0


# ---- CRC-32C (Castagnoli), reflected polynomial 0x82F63B78, as the record batch format uses ----

def _crc32c_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_CRC32C_TABLE = _crc32c_table()


def crc32c(data):
    crc = 0xFFFFFFFF
    table = _CRC32C_TABLE
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


# ---- primitives ----

def int16(v):
    return struct.pack(">h", v)


def int32(v):
    return struct.pack(">i", v)


def int64(v):
    return struct.pack(">q", v)


def string(s):
    """Non-flexible STRING / NULLABLE_STRING: int16 length (-1 for null) + UTF-8 bytes."""
    if s is None:
        return int16(-1)
    b = s.encode()
    return int16(len(b)) + b


def bytes_field(b):
    """Non-flexible BYTES / RECORDS: int32 length (-1 for null) + bytes."""
    if b is None:
        return int32(-1)
    return int32(len(b)) + b


def uvarint(v):
    out = bytearray()
    while True:
        if v < 0x80:
            out.append(v)
            return bytes(out)
        out.append((v & 0x7F) | 0x80)
        v >>= 7


def varint(v):
    """Zig-zag signed varint (record fields use these)."""
    return uvarint((v << 1) ^ (v >> 63))


def compact_string(s):
    b = s.encode()
    return uvarint(len(b) + 1) + b


# ---- records (magic 2) ----

def record(offset_delta, key, value, headers=(), timestamp_delta=0):
    body = bytearray()
    body += b"\x00"  # attributes (unused)
    body += varint(timestamp_delta)
    body += varint(offset_delta)
    body += varint(-1) if key is None else varint(len(key)) + key
    body += varint(-1) if value is None else varint(len(value)) + value
    body += varint(len(headers))
    for hkey, hvalue in headers:
        hk = hkey.encode()
        body += varint(len(hk)) + hk
        body += varint(-1) if hvalue is None else varint(len(hvalue)) + hvalue
    return varint(len(body)) + bytes(body)


BATCH_HEADER_BYTES = 61
CRC_FIELD_OFFSET = 17      # baseOffset(8) + batchLength(4) + partitionLeaderEpoch(4) + magic(1)
CRC_COVERED_FROM = 21      # the CRC covers attributes .. end of batch


ATTRIBUTE_GZIP = 0x01
ATTRIBUTE_TRANSACTIONAL = 0x10


def record_batch(records, base_timestamp_ms=1_700_000_000_000, attributes=0, payload=None, count=None):
    """A magic-2 batch of (key, value) pairs: by default uncompressed, CreateTime, no producer id, base
    offset 0. `payload` replaces the encoded records section (e.g. compressed or garbage bytes) and
    `count` the record count, to build batches that are well framed but wrong inside."""
    encoded = b"".join(record(i, k, v) for i, (k, v) in enumerate(records)) if payload is None else payload
    count = len(records) if count is None else count
    after_crc = (int16(attributes)                 # attributes: codec bits 0-2, bit 4 transactional
                 + int32(max(count - 1, 0))        # lastOffsetDelta
                 + int64(base_timestamp_ms)        # baseTimestamp
                 + int64(base_timestamp_ms)        # maxTimestamp (all deltas are 0)
                 + int64(-1)                       # producerId
                 + int16(-1)                       # producerEpoch
                 + int32(-1)                       # baseSequence
                 + int32(count)                    # records count
                 + encoded)
    # batchLength counts everything after itself: leader epoch(4) + magic(1) + crc(4) + the rest.
    batch_length = 4 + 1 + 4 + len(after_crc)
    return (int64(0) + int32(batch_length) + int32(-1) + b"\x02"
            + struct.pack(">I", crc32c(after_crc)) + after_crc)


# ---- requests ----

def request_header_v1(api_key, api_version, correlation_id, client_id="ringlog-interop"):
    return int16(api_key) + int16(api_version) + int32(correlation_id) + string(client_id)


def frame(payload):
    return int32(len(payload)) + payload


def api_versions_v0_request(correlation_id):
    return frame(request_header_v1(API_API_VERSIONS, 0, correlation_id))


def produce_request(version, correlation_id, topic, partition, records_bytes, acks=-1, timeout_ms=10_000):
    """Produce v3..v8 (non-flexible): the versions that carry magic-2 batches with a v1 header."""
    assert 3 <= version <= 8, version
    body = (string(None)                 # transactional_id
            + int16(acks) + int32(timeout_ms)
            + int32(1) + string(topic)   # one topic
            + int32(1) + int32(partition) + bytes_field(records_bytes))
    return frame(request_header_v1(API_PRODUCE, version, correlation_id) + body)


# ---- responses ----

class Reader:
    def __init__(self, data):
        self.data = data
        self.pos = 0

    def take(self, n):
        if self.pos + n > len(self.data):
            raise ValueError(f"response too short: need {n} bytes at {self.pos}, have {len(self.data)}")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def int16(self):
        return struct.unpack(">h", self.take(2))[0]

    def int32(self):
        return struct.unpack(">i", self.take(4))[0]

    def int64(self):
        return struct.unpack(">q", self.take(8))[0]

    def string(self):
        n = self.int16()
        return None if n < 0 else self.take(n).decode()

    def remaining(self):
        return len(self.data) - self.pos


def parse_api_versions_v0(body):
    """-> (error_code, {api_key: (min, max)}); the body must hold exactly these fields."""
    r = Reader(body)
    error_code = r.int16()
    ranges = {}
    for _ in range(r.int32()):
        key = r.int16()
        ranges[key] = (r.int16(), r.int16())
    assert r.remaining() == 0, f"{r.remaining()} trailing bytes after an ApiVersions v0 body"
    return error_code, ranges


def parse_produce_response(version, body):
    """-> [(topic, partition, error_code, base_offset)]"""
    r = Reader(body)
    results = []
    for _ in range(r.int32()):
        topic = r.string()
        for _ in range(r.int32()):
            partition = r.int32()
            error_code = r.int16()
            base_offset = r.int64()
            r.int64()                      # log_append_time_ms (v2+)
            if version >= 5:
                r.int64()                  # log_start_offset
            if version >= 8:
                for _ in range(r.int32()):  # record_errors
                    r.int32()
                    r.string()
                r.string()                 # error_message
            results.append((topic, partition, error_code, base_offset))
    r.int32()                              # throttle_time_ms (v1+)
    assert r.remaining() == 0, f"{r.remaining()} trailing bytes after a Produce v{version} body"
    return results


# ---- a connection ----

class Connection:
    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port), timeout=SOCKET_TIMEOUT_S)
        self.correlation_id = 0

    def close(self):
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.close()

    def next_correlation_id(self):
        self.correlation_id += 1
        return self.correlation_id

    def send(self, data):
        self.sock.sendall(data)

    def _read_exactly(self, n):
        chunks = bytearray()
        while len(chunks) < n:
            chunk = self.sock.recv(n - len(chunks))
            if not chunk:
                raise ConnectionError(f"closed after {len(chunks)} of {n} bytes")
            chunks += chunk
        return bytes(chunks)

    def read_response(self):
        """-> (correlation_id, body) for a response with header v0."""
        size = struct.unpack(">i", self._read_exactly(4))[0]
        payload = self._read_exactly(size)
        return struct.unpack(">i", payload[:4])[0], payload[4:]

    def closed_by_peer(self, wait_s=SOCKET_TIMEOUT_S):
        """True if the broker closes the connection within wait_s (reading and dropping any bytes)."""
        self.sock.settimeout(wait_s)
        try:
            while True:
                if not self.sock.recv(65536):
                    return True
        except ConnectionResetError:
            return True
        except socket.timeout:
            return False

    def api_versions(self):
        cid = self.next_correlation_id()
        self.send(api_versions_v0_request(cid))
        got_cid, body = self.read_response()
        assert got_cid == cid
        return parse_api_versions_v0(body)

    def produce(self, version, topic, partition, records_bytes, acks=-1):
        cid = self.next_correlation_id()
        self.send(produce_request(version, cid, topic, partition, records_bytes, acks=acks))
        got_cid, body = self.read_response()
        assert got_cid == cid
        return parse_produce_response(version, body)
