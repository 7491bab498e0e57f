"""Fixtures for the interop tests: a real `ringlog serve` process per test.

    broker          a fresh broker on a free loopback port with an empty data dir
    make_broker     a factory for brokers with extra CLI args or a server.properties text
    unique_topic    a topic name no other test uses

Set RINGLOG_BIN to test another binary (default: <repo>/.build/release/ringlog).
Set RINGLOG_EXTERNAL_BOOTSTRAP=host:port to run the client-side checks against an already running
Kafka-compatible broker (e.g. the Tansu peer); tests that need to start, kill or configure the broker
are then skipped.
"""
import os
import uuid

import pytest

from broker_process import Broker, ExternalBroker

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_BIN = os.path.join(REPO_ROOT, ".build", "release", "ringlog")

# How much of a broker's stderr a failure report shows: enough for the last requests, not a flood.
STDERR_REPORT_LINES_MAX = 200


def ringlog_bin():
    return os.environ.get("RINGLOG_BIN", DEFAULT_BIN)


@pytest.fixture
def make_broker(request, tmp_path):
    """Returns start(extra_args=(), properties=None) -> Broker. Every broker is killed at teardown."""
    started = []
    request.node._ringlog_brokers = started
    external = os.environ.get("RINGLOG_EXTERNAL_BOOTSTRAP")

    def start(extra_args=(), properties=None):
        if external:
            if extra_args or properties:
                pytest.skip("needs a configured ringlog; RINGLOG_EXTERNAL_BOOTSTRAP is set")
            broker = ExternalBroker(external)
        else:
            binary = ringlog_bin()
            if not os.access(binary, os.X_OK):
                pytest.fail(f"ringlog binary not found at {binary}; run `swift build -c release --product ringlog`"
                            " or set RINGLOG_BIN")
            workdir = tmp_path / f"broker{len(started)}"
            workdir.mkdir()
            broker = Broker(binary, str(workdir), extra_args=extra_args, properties=properties)
        started.append(broker)
        broker.start()
        return broker

    yield start
    for broker in started:
        broker.close()


@pytest.fixture
def broker(make_broker):
    return make_broker()


@pytest.fixture
def unique_topic(request):
    """A topic name derived from the test name plus a random suffix, so reruns never collide."""
    base = request.node.name.replace("[", "-").replace("]", "").replace("_", "-")[:80]
    return f"{base}-{uuid.uuid4().hex[:8]}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On failure, attach each broker's stderr (its tail) to the report, where the reader looks first."""
    outcome = yield
    report = outcome.get_result()
    if not report.failed:
        return
    for index, broker in enumerate(getattr(item, "_ringlog_brokers", [])):
        text = broker.stderr_tail(STDERR_REPORT_LINES_MAX)
        if text is not None:
            report.sections.append((f"ringlog broker {index} stderr ({broker.describe()})", text))
