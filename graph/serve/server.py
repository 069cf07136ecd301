"""The HTTP server of ``plankg serve``: threads on 127.0.0.1, each request dispatched through ``app.ROUTES``."""
from __future__ import annotations

import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Optional

from graph.serve.app import Request, Response, dispatch, text

HOST = "127.0.0.1"
DEFAULT_PORT = 7878
MAX_BODY = 1 << 20          # a query is text; 1 MB is far beyond any real one
MAX_WAITING = 64            # requests held at once (running or waiting for a query worker)


@dataclass
class Context:
    """What handlers need: the store folder and the per-query time limit (memory and workers: the pool's)."""
    store: str
    timeout: float


class _Handler(BaseHTTPRequestHandler):
    server_version = "PlanKG"
    protocol_version = "HTTP/1.1"

    def _answer(self, response: Response, head_only: bool = False) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not head_only:
            self.wfile.write(response.body)

    def _handle(self, head_only: bool = False) -> None:
        if not self.server.slots.acquire(blocking=False):
            self._answer(Response(503, b"busy: too many requests at once; try again\n",
                                  headers={"Retry-After": "1"}), head_only)
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self.close_connection = True
                self._answer(text(413, f"request body of {length} bytes; the limit is {MAX_BODY}"), head_only)
                return
            body = self.rfile.read(length) if length > 0 else b""
            path, _, query = self.path.partition("?")
            request = Request(self.command, path, query, {k.lower(): v for k, v in self.headers.items()},
                              body, self.server.context)
            self._answer(dispatch(request), head_only)
        except ValueError:
            self.close_connection = True
            self._answer(text(400, "bad Content-Length"), head_only)
        finally:
            self.server.slots.release()

    def do_GET(self):
        self._handle()

    def do_POST(self):
        self._handle()

    def do_HEAD(self):
        self._handle(head_only=True)

    def log_message(self, format, *args):  # one short line per request on stderr
        if self.server.verbose:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver's listen backlog is 5: twenty clients connecting at once overflowed it, and a
    # connection was now and then reset (ConnectionResetError in the twenty-client test)
    request_queue_size = 128

    def __init__(self, context: Context, port: int, verbose: bool = False):
        super().__init__((HOST, port), _Handler)
        self.context = context
        self.verbose = verbose
        self.slots = threading.BoundedSemaphore(MAX_WAITING)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}"


def make_server(store, port: int = DEFAULT_PORT, *, timeout: Optional[float] = None,
                verbose: bool = False) -> Server:
    """A server over the built store at ``store`` (checked, opened read-only by the query workers)."""
    from graph.errors import PlanKGError
    from graph.config import settings
    from graph.query.pool import pool_for
    from graph.rdf.folder import check_store

    check_store(store)
    config = settings()
    timeout = config.serve_timeout if timeout is None else timeout
    if not timeout > 0:
        raise PlanKGError("must be a positive number of seconds", f"--timeout {timeout:g}")
    pool_for(str(store), config.query_workers, config.query_memory_mb).warm()
    try:
        return Server(Context(str(Path(store)), timeout), port, verbose)
    except OSError as problem:
        raise PlanKGError(f"cannot listen there ({problem.strerror or problem})", f"port {port}") from None


def serve(store, port: int = DEFAULT_PORT, *, timeout: Optional[float] = None) -> int:
    """Serve until interrupted (Ctrl-C or SIGTERM); 0 on a clean stop."""
    import signal

    server = make_server(store, port, timeout=timeout, verbose=True)
    print(f"SPARQL endpoint (read-only) at {server.url}/query over {store}; "
          f"time limit {server.context.timeout:g} s per query", file=sys.stderr, flush=True)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
