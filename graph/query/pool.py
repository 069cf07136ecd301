"""Long-lived read-only query workers per on-disk store: a time and memory limit that costs little.

Each worker (``worker.py``) is a separate Python process started with ``subprocess`` (never a fork
of a possibly multi-threaded caller such as Streamlit), holding the store open read-only. A query
is one pipe round trip. A worker that overruns its time limit is killed and replaced; one that
exceeds its memory cap dies of it and is replaced. At most ``size`` queries run at once per pool;
a caller waits for a free worker within its own time limit.
"""
from __future__ import annotations

import atexit
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Optional

from graph.query.errors import QueryBusy, QueryError, QueryMemoryError, QuerySyntaxError, QueryTimeout

WORKER_SCRIPT = Path(__file__).with_name("worker.py")
# Only to tell a hung worker from a slow one: opening a store of thousands of plans just written takes
# tens of seconds, and over a minute while a build runs beside it (the 1,000-plan bench lost its query
# worker at 60 s).
STARTUP_LIMIT = 300.0


def _read_exactly(fd: int, n: int, deadline: float) -> Optional[bytes]:
    """``n`` bytes from ``fd`` before ``deadline``; None when time runs out; EOFError at end of stream."""
    data = bytearray()
    while len(data) < n:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            return None
        chunk = os.read(fd, min(n - len(data), 1 << 20))
        if not chunk:
            raise EOFError
        data += chunk
    return bytes(data)


class Worker:
    def __init__(self, path: str, memory_mb: int):
        self.memory_mb = memory_mb
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER_SCRIPT), path, str(memory_mb)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
        self.ready = False

    def _receive(self, deadline: float):
        header = _read_exactly(self.process.stdout.fileno(), 4, deadline)
        if header is None:
            return None
        body = _read_exactly(self.process.stdout.fileno(), struct.unpack(">I", header)[0], deadline)
        if body is None:
            return None
        return pickle.loads(body)

    def wait_ready(self) -> None:
        if self.ready:
            return
        try:
            reply = self._receive(time.monotonic() + STARTUP_LIMIT)
        except EOFError:
            raise QueryError(f"the query worker could not start: {self.death()}") from None
        if reply is None:
            self.kill()
            raise QueryError(f"the query worker did not start within {STARTUP_LIMIT:g} s")
        if reply[0] != "ready":
            self.kill()
            raise QueryError(reply[1])
        self.ready = True

    def call(self, request: dict, timeout: float):
        data = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.process.stdin.write(struct.pack(">I", len(data)) + data)
            self.process.stdin.flush()
            reply = self._receive(time.monotonic() + timeout)
        except (EOFError, BrokenPipeError):
            raise self._died() from None
        if reply is None:
            self.kill()
            raise QueryTimeout(f"query stopped after its time limit of {timeout:g} s")
        return reply

    def death(self) -> str:
        self.process.wait()
        error = self.process.stderr.read().decode(errors="replace") if self.process.stderr else ""
        code = self.process.returncode
        if code < 0:
            return f"signal {signal.Signals(-code).name}" + (f" ({error.strip().splitlines()[0]})" if error.strip() else "")
        return f"exit status {code}" + (f": {error.strip().splitlines()[-1]}" if error.strip() else "")

    def _died(self) -> QueryError:
        self.process.wait()
        error = self.process.stderr.read().decode(errors="replace")
        code = self.process.returncode
        self.close()
        if "memory allocation" in error or code == -signal.SIGABRT:
            return QueryMemoryError(f"query stopped: it needed more than the memory limit of {self.memory_mb} MB")
        if code == -signal.SIGSEGV:
            return QuerySyntaxError("query stopped: it crashed the query worker (too deeply nested?)")
        return QueryError(f"query failed: the query worker ended ({error.strip()[-200:] or f'exit status {code}'})")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.close()

    def close(self) -> None:
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            try:
                stream.close()
            except OSError:
                pass

    @property
    def alive(self) -> bool:
        return self.process.poll() is None


class Pool:
    """Up to ``size`` workers over the store at ``path``; ``run`` sends one query to a free one."""

    def __init__(self, path: str, size: int, memory_mb: int):
        self.path, self.size, self.memory_mb = path, max(1, size), memory_mb
        self._idle: list[Worker] = []
        self._count = 0
        self._cond = threading.Condition()
        self.replaced = 0

    def _acquire(self, deadline: float) -> Worker:
        with self._cond:
            while True:
                while self._idle:
                    worker = self._idle.pop()
                    if worker.alive:
                        return worker
                    worker.kill()
                    self._count -= 1
                if self._count < self.size:
                    self._count += 1
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise QueryBusy(f"refused: {self.size} queries are already running (the limit per "
                                    "process, PLANKG_QUERY_WORKERS); try again")
                self._cond.wait(remaining)
        try:
            return Worker(self.path, self.memory_mb)
        except Exception:
            self._release(None)
            raise

    def _release(self, worker: Optional[Worker]) -> None:
        with self._cond:
            if worker is not None and worker.alive:
                self._idle.append(worker)
            elif worker is None:
                self._count -= 1
            else:  # killed at its limit or died of one: start its successor now, off the query's time
                self.replaced += 1
                try:
                    self._idle.append(Worker(self.path, self.memory_mb))
                except OSError:
                    self._count -= 1
            self._cond.notify()

    def run(self, request: dict, timeout: float):
        """The worker's reply ``(kind, payload)``; raises QueryTimeout, QueryMemoryError or QueryBusy."""
        worker = self._acquire(time.monotonic() + timeout)
        try:
            worker.wait_ready()  # a worker's start-up is not the query's time
            return worker.call(request, timeout)
        finally:
            self._release(worker)

    def warm(self) -> None:
        """Start one worker now, so that the first query does not wait for it."""
        worker = self._acquire(time.monotonic() + STARTUP_LIMIT)
        try:
            worker.wait_ready()
        finally:
            self._release(worker)

    def pids(self) -> list[int]:
        """Process ids of the idle workers (the busy ones are inside a query)."""
        with self._cond:
            return [w.process.pid for w in self._idle]

    def close(self) -> None:
        with self._cond:
            for worker in self._idle:
                worker.kill()
            self._count -= len(self._idle)
            self._idle.clear()


_POOLS: dict[tuple, Pool] = {}
_POOLS_LOCK = threading.Lock()


def pool_for(path, size: int, memory_mb: int) -> Pool:
    """The process's pool for the store at ``path`` with these limits (made on first use)."""
    key = (os.path.realpath(path), size, memory_mb)
    with _POOLS_LOCK:
        if key not in _POOLS:
            _POOLS[key] = Pool(key[0], size, memory_mb)
        return _POOLS[key]


def pools() -> list[Pool]:
    """The process's pools."""
    with _POOLS_LOCK:
        return list(_POOLS.values())


@atexit.register
def close_all() -> None:
    with _POOLS_LOCK:
        for pool in _POOLS.values():
            pool.close()
        _POOLS.clear()
