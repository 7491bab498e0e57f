"""A `ringlog serve` child process that tests can start, kill -9, stop and restart.

No broker outlives the test run: each child gets PR_SET_PDEATHSIG=SIGKILL through `setpriv` (the
kernel kills it if the test process dies, even on a hard timeout), an atexit hook kills what is still
running, and the fixtures call close() at teardown.
"""
import atexit
import os
import shutil
import signal
import socket
import subprocess
import time

# Bounds, each with its unit.
START_WAIT_S = 20.0        # until the port accepts after spawn
STOP_WAIT_S = 10.0         # after SIGTERM before SIGKILL
KILL_WAIT_S = 5.0          # for the kernel to reap a SIGKILLed child
CONNECT_POLL_S = 0.02

# setpriv sets the death signal and then execs ringlog, so the pid we hold is ringlog's own. It is used
# instead of a preexec_fn because the tests fork while librdkafka's threads run, where preexec_fn is unsafe.
_SETPRIV = shutil.which("setpriv")
_running = set()


@atexit.register
def _kill_leftovers():
    for process in list(_running):
        if process.poll() is None:
            process.kill()
            process.wait(KILL_WAIT_S)


def free_loopback_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_accepts(host, port):
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


class Broker:
    """One ringlog process. The port and data dir stay the same across restart()."""

    def __init__(self, binary, workdir, extra_args=(), properties=None):
        self.binary = binary
        self.workdir = workdir
        self.data_dir = os.path.join(workdir, "data")
        self.port = free_loopback_port()
        self.host = "127.0.0.1"
        self.extra_args = list(extra_args)
        self.config_path = None
        if properties is not None:
            self.config_path = os.path.join(workdir, "server.properties")
            with open(self.config_path, "w") as f:
                f.write(properties)
        self.stderr_path = os.path.join(workdir, "ringlog.stderr")
        self.process = None
        self.starts = 0

    @property
    def bootstrap(self):
        return f"{self.host}:{self.port}"

    @property
    def pid(self):
        return self.process.pid

    def describe(self):
        return f"pid {self.process.pid if self.process else '-'}, {self.bootstrap}, data {self.data_dir}"

    def command(self):
        cmd = [self.binary, "serve", "--listen", self.bootstrap, "--data", self.data_dir]
        if self.config_path:
            cmd += ["--config", self.config_path]
        return cmd + self.extra_args

    def start(self):
        assert self.process is None or self.process.poll() is not None, "broker already running"
        self.starts += 1
        with open(self.stderr_path, "ab") as stderr:
            stderr.write(f"==== start #{self.starts}: {' '.join(self.command())}\n".encode())
            stderr.flush()
            wrapper = [_SETPRIV, "--pdeathsig", "KILL", "--"] if _SETPRIV else []
            self.process = subprocess.Popen(wrapper + self.command(), stdin=subprocess.DEVNULL, stdout=stderr,
                                            stderr=stderr, cwd=self.workdir)
        _running.add(self.process)
        deadline = time.monotonic() + START_WAIT_S
        while time.monotonic() < deadline:
            code = self.process.poll()
            if code is not None:
                raise RuntimeError(f"ringlog exited with {code} during start-up (its stderr is in the report)")
            if port_accepts(self.host, self.port):
                return self
            time.sleep(CONNECT_POLL_S)
        self.kill9()
        raise RuntimeError(f"ringlog did not accept on {self.bootstrap} within {START_WAIT_S} s "
                           "(its stderr is in the report)")

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def kill9(self):
        """SIGKILL, like a crash: no chance to flush or close anything."""
        if self.alive():
            self.process.send_signal(signal.SIGKILL)
        if self.process is not None:
            self.process.wait(KILL_WAIT_S)
            _running.discard(self.process)

    def stop(self):
        """SIGTERM and wait (bounded); SIGKILL if it does not exit. Returns the exit code."""
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_WAIT_S)
            except subprocess.TimeoutExpired:
                self.kill9()
        code = self.process.poll() if self.process else None
        if self.process is not None:
            _running.discard(self.process)
        return code

    def restart(self):
        self.stop()
        return self.start()

    def close(self):
        self.kill9()

    def stderr_tail(self, lines_max):
        try:
            with open(self.stderr_path, "rb") as f:
                lines = f.read().decode("utf-8", "replace").splitlines()
        except FileNotFoundError:
            return None
        return "\n".join(lines[-lines_max:])


class ExternalBroker:
    """A broker someone else runs (RINGLOG_EXTERNAL_BOOTSTRAP): usable for client checks only."""

    def __init__(self, bootstrap):
        self.bootstrap = bootstrap
        self.host, port = bootstrap.rsplit(":", 1)
        self.port = int(port)
        self.data_dir = None

    def describe(self):
        return f"external {self.bootstrap}"

    def start(self):
        if not port_accepts(self.host, self.port):
            raise RuntimeError(f"external broker {self.bootstrap} does not accept connections")
        return self

    def alive(self):
        return port_accepts(self.host, self.port)

    def _unsupported(self, *_):
        import pytest
        pytest.skip("cannot kill or restart an external broker")

    kill9 = stop = restart = _unsupported

    def close(self):
        pass

    def stderr_tail(self, lines_max):
        return None
