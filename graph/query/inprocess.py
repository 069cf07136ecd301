"""Run a query on an in-memory store in this process's reach: a forked child with time and memory limits,
or, where forking is unsafe (threads) or missing, a thread abandoned at the time limit."""
from __future__ import annotations

import faulthandler
import os
import select
import signal
import threading
import time

import pyoxigraph as ox

from graph.query.errors import QueryError, QueryMemoryError, QuerySyntaxError, QueryTimeout


def syntax_message(detail: str) -> str:
    """Oxigraph's parse error on one line, its long list of expected tokens cut short."""
    detail = " ".join(detail.split())
    return "not a valid SPARQL query: " + (detail if len(detail) <= 160 else detail[:160] + " …")


def _serialize(answer) -> bytes:
    """The payload ``graph.query.execute`` reads back (solutions as SPARQL results TSV: see the worker)."""
    if isinstance(answer, ox.QuerySolutions):
        return b"S" + answer.serialize(format=ox.QueryResultsFormat.TSV)
    if isinstance(answer, ox.QueryBoolean):
        return b"R" + answer.serialize(format=ox.QueryResultsFormat.JSON)
    return b"T" + answer.serialize(format=ox.RdfFormat.N_TRIPLES)


def evaluate(store: ox.Store, text: str, substitutions: dict) -> bytes:
    answer = store.query(text, use_default_graph_as_union=True, substitutions=substitutions)
    return _serialize(answer)


def _cap_memory(memory_mb: int) -> None:
    """Let this (forked) process grow by ``memory_mb`` beyond the address space it has now."""
    if memory_mb > 0:
        import resource
        with open("/proc/self/statm") as statm:
            used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(resource.RLIMIT_AS, (used + (memory_mb << 20),) * 2)


def run_forked(store: ox.Store, text: str, substitutions: dict, timeout: float, memory_mb: int) -> bytes:
    """Evaluate in a forked child that shares the store's pages; kill it when the time is up.

    Only for an in-memory store in a single-threaded process: a store on disk goes to the worker pool.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never returns
        code = 0
        try:
            os.close(read_end)
            silence = os.open(os.devnull, os.O_WRONLY)  # an abort at the memory cap is reported by
            os.dup2(silence, 2)                          # the parent in one line, not by the child
            faulthandler.disable()                       # (nor by a fault handler on a copy of stderr)
            try:
                _cap_memory(memory_mb)
                payload = evaluate(store, text, substitutions)
            except SyntaxError as problem:
                payload, code = f"syntax: {problem}".encode(), 3
            except MemoryError:
                payload, code = b"", 5
            except Exception as problem:  # evaluation errors of any kind travel back as text
                payload, code = f"{type(problem).__name__}: {problem}".encode(), 4
            view = memoryview(payload)
            while view:
                view = view[os.write(write_end, view):]
        finally:
            os._exit(code)
    os.close(write_end)
    chunks, deadline = [], time.monotonic() + timeout
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([read_end], [], [], remaining)[0]:
                os.kill(pid, signal.SIGKILL)
                raise QueryTimeout(f"query stopped after its time limit of {timeout:g} s")
            chunk = os.read(read_end, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    payload = b"".join(chunks)
    if code == 3:
        raise QuerySyntaxError(syntax_message(payload.decode(errors="replace").removeprefix("syntax: ")))
    if code in (5, -signal.SIGABRT):
        raise QueryMemoryError(f"query stopped: it needed more than the memory limit of {memory_mb} MB")
    if code != 0:
        raise QueryError(f"query failed: {payload.decode(errors='replace') or f'exit status {code}'}")
    return payload


def run_threaded(store: ox.Store, text: str, substitutions: dict, timeout: float) -> bytes:
    """Where fork is unsafe (threads) or missing: a daemon thread, abandoned (not stopped) when the time is up."""
    box: dict = {}

    def work():
        try:
            box["payload"] = evaluate(store, text, substitutions)
        except Exception as problem:
            box["error"] = problem

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryTimeout(f"query stopped after its time limit of {timeout:g} s")
    if "error" in box:
        problem = box["error"]
        if isinstance(problem, SyntaxError):
            raise QuerySyntaxError(syntax_message(str(problem)))
        raise QueryError(f"query failed: {problem}")
    return box["payload"]
