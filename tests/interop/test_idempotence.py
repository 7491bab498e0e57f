"""Idempotent producers against ringlog: librdkafka through a proxy that cuts its connections mid-stream
(retries must not duplicate, nothing may be lost), and kafka-python's default idempotent producer."""
import socket
import threading
import time

from confluent_kafka import Producer
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

import ck_helpers
from broker_process import free_loopback_port

MESSAGES = 20_000
CUT_EVERY_S = 0.4           # the proxy drops every connection this often while producing
CUTS_MAX = 8
CHUNK_MESSAGES = 1_000      # produced between two pauses
CHUNK_PAUSE_S = 0.2
FLUSH_TIMEOUT_S = 120
PROXY_JOIN_S = 5.0


class CuttingProxy:
    """Forwards 127.0.0.1:<port> to the broker; cut() closes every open connection at once (both sides),
    so requests in flight are lost after the broker may already have appended them."""

    def __init__(self, port, target_port):
        self.port = port
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.listener.settimeout(0.2)
        self.lock = threading.Lock()
        self.sockets = []
        self.threads = []
        self.running = True
        self.cuts = 0
        self.acceptor = threading.Thread(target=self._accept, daemon=True)
        self.acceptor.start()

    def _accept(self):
        while self.running:
            try:
                client, _ = self.listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            with self.lock:
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                t = threading.Thread(target=self._pipe, args=(a, b), daemon=True)
                t.start()
                self.threads.append(t)

    @staticmethod
    def _pipe(source, sink):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self):
        with self.lock:
            victims, self.sockets = self.sockets, []
        for s in victims:
            try:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # RST
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()
        self.cuts += 1

    def close(self):
        self.running = False
        self.listener.close()
        self.cut()
        self.acceptor.join(PROXY_JOIN_S)
        for t in self.threads:
            t.join(PROXY_JOIN_S)


def test_librdkafka_idempotent_producer_survives_connection_drops_without_duplicates_or_gaps(make_broker, unique_topic):
    proxy_port = free_loopback_port()
    broker = make_broker(extra_args=["--advertised-listener", f"127.0.0.1:{proxy_port}"])
    proxy = CuttingProxy(proxy_port, broker.port)   # clients follow the advertised address: the proxy
    ck_helpers.create_topic(broker.bootstrap, unique_topic, 1)

    errors = []
    delivered = []
    stop = threading.Event()
    cutting = None
    try:
        producer = Producer({"bootstrap.servers": f"127.0.0.1:{proxy_port}", "enable.idempotence": True,
                             "linger.ms": 2, "batch.num.messages": 200, "message.timeout.ms": 90_000,
                             "retry.backoff.ms": 50, "reconnect.backoff.ms": 20, "reconnect.backoff.max.ms": 200})

        def on_delivery(err, msg):
            if err is not None:
                errors.append(err)
            else:
                delivered.append(msg.offset())

        def cutter():
            while proxy.cuts < CUTS_MAX and not stop.wait(CUT_EVERY_S):
                proxy.cut()

        cutting = threading.Thread(target=cutter, daemon=True)
        cutting.start()
        # Produce in paced chunks, so the stream lasts several cut periods.
        for i in range(MESSAGES):
            while True:
                try:
                    producer.produce(unique_topic, value=f"{i:08d}".encode(), partition=0, on_delivery=on_delivery)
                    break
                except BufferError:
                    producer.poll(0.01)
            if i % CHUNK_MESSAGES == CHUNK_MESSAGES - 1:
                producer.poll(CHUNK_PAUSE_S)
        assert producer.flush(FLUSH_TIMEOUT_S) == 0
        del producer
        stop.set()
        cutting.join(PROXY_JOIN_S)
        # Read the partition back (clients follow the advertised address, the proxy, now left alone):
        # every message exactly once, in order.
        messages = ck_helpers.consume_from_beginning(broker.bootstrap, unique_topic, [0], MESSAGES)
    finally:
        stop.set()
        if cutting is not None:
            cutting.join(PROXY_JOIN_S)
        proxy.close()

    assert errors == []
    assert proxy.cuts >= 2, "the producer finished before the proxy could cut its connections"
    assert sorted(delivered) == list(range(MESSAGES))
    assert [(m.offset(), m.value()) for m in messages] == [(i, f"{i:08d}".encode()) for i in range(MESSAGES)]


def test_kafka_python_default_idempotent_producer(broker, unique_topic):
    producer = KafkaProducer(bootstrap_servers=broker.bootstrap, linger_ms=5, request_timeout_ms=20_000)
    assert producer.config["enable_idempotence"], "kafka-python 3 enables idempotence by default"
    try:
        futures = [producer.send(unique_topic, partition=0, value=f"kp-{i}".encode()) for i in range(500)]
        offsets = [f.get(timeout=30).offset for f in futures]
    finally:
        producer.close()
    assert offsets == list(range(500))

    consumer = KafkaConsumer(bootstrap_servers=broker.bootstrap, group_id=None, enable_auto_commit=False)
    try:
        tp = TopicPartition(unique_topic, 0)
        consumer.assign([tp])
        consumer.seek_to_beginning(tp)
        records = []
        deadline = time.monotonic() + 30
        while len(records) < 500 and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend(batch)
    finally:
        consumer.close()
    assert [(r.offset, r.value) for r in records] == [(i, f"kp-{i}".encode()) for i in range(500)]
    # Every batch carries the producer's id and consecutive sequences, as the broker checked.
