"""A real SPARQL 1.1 endpoint: the Oxigraph server on 127.0.0.1, and publishing graphs to any store.

``Server`` starts the ``oxigraph`` binary (from the ``oxigraph`` PyPI package) on a local port,
waits until it answers and stops it again. ``publish`` sends a store to a SPARQL 1.1 Graph Store
Protocol endpoint one named graph per request (PUT replaces the graph), so size is bounded by the
largest plan, not by the corpus.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

import pyoxigraph as ox

from graph.errors import PlanKGError

HOST = "127.0.0.1"
DEFAULT_PORT = 7878


class EndpointStartError(PlanKGError):
    pass


class PublishError(PlanKGError):
    pass


def oxigraph_binary() -> str:
    """The ``oxigraph`` executable: next to this Python (a venv) or on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.exists():
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        raise EndpointStartError("the 'oxigraph' server binary was not found; install the 'oxigraph' package")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def server_command(location: Optional[Path], port: int, *, read_only: bool,
                   timeout_s: Optional[int] = None) -> list[str]:
    """The oxigraph command line; the default graph is the union of the named graphs, as the catalogue expects."""
    if read_only and location is None:
        raise EndpointStartError("a read-only server needs a store directory")
    command = [oxigraph_binary(), "serve-read-only" if read_only else "serve",
               "--bind", f"{HOST}:{port}", "--union-default-graph"]
    if location is not None:
        command += ["--location", str(location)]
    if timeout_s:
        command += ["--timeout-s", str(int(timeout_s))]
    return command


class Server:
    """An Oxigraph server on 127.0.0.1 for as long as the ``with`` block (or until ``stop()``)."""

    def __init__(self, location: Optional[Path | str] = None, *, port: Optional[int] = None,
                 read_only: bool = False, timeout_s: Optional[int] = None):
        self.location = Path(location) if location else None
        self.port = port or free_port()
        self.read_only = read_only
        self.timeout_s = timeout_s
        self.process: Optional[subprocess.Popen] = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def query_url(self) -> str:
        return self.url + "/query"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol URL (``?graph=IRI`` selects a graph)."""
        return self.url + "/store"

    def start(self, wait: float = 20.0) -> "Server":
        command = server_command(self.location, self.port, read_only=self.read_only,
                                 timeout_s=self.timeout_s)
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                output = self.process.stdout.read().decode(errors="replace")
                raise EndpointStartError(f"oxigraph exited with {self.process.returncode}: {output.strip()}")
            if is_up(self.url):
                return self
            time.sleep(0.05)
        self.stop()
        raise EndpointStartError(f"oxigraph did not answer on {self.url} within {wait:g} s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process and self.process.stdout:
            self.process.stdout.close()

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def is_up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/", timeout=1) as response:
            return response.status < 500
    except (urllib.error.URLError, ConnectionError, OSError):
        return False


def serve(location: Path | str, port: int = DEFAULT_PORT, *, timeout_s: Optional[int] = None) -> int:
    """Become the read-only server over a built store (exec: stopping this process stops the server)."""
    location = Path(location)
    if not location.is_dir():
        raise EndpointStartError(f"{location}: no store here; run 'plankg build' first")
    command = server_command(location, port, read_only=True, timeout_s=timeout_s)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(command[0], command)
    return 0  # not reached


@dataclass
class Published:
    graph: str                  # graph IRI, or "default"
    triples: int
    status: int


def graph_url(store_url: str, graph: Optional[str]) -> str:
    separator = "&" if "?" in store_url else "?"
    if graph is None:
        return f"{store_url}{separator}default"
    return f"{store_url}{separator}graph={urllib.parse.quote(graph, safe='')}"


def _put(url: str, body: bytes, timeout: float) -> int:
    request = urllib.request.Request(url, data=body, method="PUT",
                                     headers={"Content-Type": "application/n-triples"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as problem:
        detail = problem.read().decode(errors="replace")[:300]
        raise PublishError(f"PUT {url} failed with HTTP {problem.code}: {detail}") from None
    except urllib.error.URLError as problem:
        if isinstance(problem.reason, (socket.timeout, TimeoutError)):
            raise PublishError(f"did not answer within {timeout:g} s", f"PUT {url}") from None
        raise PublishError(f"failed: {problem.reason}", f"PUT {url}") from None
    except (socket.timeout, TimeoutError):
        raise PublishError(f"did not answer within {timeout:g} s", f"PUT {url}") from None
    except (OSError, ValueError) as problem:
        raise PublishError(f"failed: {problem}", f"PUT {url}") from None


def publish(store: ox.Store, store_url: str, *, graphs: Optional[Sequence[str]] = None,
            timeout: float = 30.0) -> list[Published]:
    """PUT every named graph of the store (or the listed ones) to a Graph Store Protocol URL.

    One request per graph, N-Triples; a PUT replaces the graph at the endpoint. Triples in the
    store's default graph, if any, go to the endpoint's default graph.
    """
    names = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    if graphs is not None:
        missing = sorted(set(graphs) - set(names))
        if missing:
            raise PublishError(f"the store has no graph {', '.join(missing)}")
        names = sorted(graphs)
    targets: list[tuple[Optional[str], object]] = [(n, ox.NamedNode(n)) for n in names]
    if graphs is None and next(store.quads_for_pattern(None, None, None, ox.DefaultGraph()), None):
        targets.append((None, ox.DefaultGraph()))
    published = []
    for name, graph in targets:
        body = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        status = _put(graph_url(store_url, name), body, timeout)
        published.append(Published(name or "default", body.count(b"\n"), status))
    return published
