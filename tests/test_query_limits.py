"""Issue 14 items 3 and 6, issue 10 items 4 and 6: time and memory limits, concurrency cap, endpoints that fail."""
import socket
import threading
import time
import http.server

import pytest

from graph.query import execute as queries
from graph.query.pool import pool_for

CROSS = "SELECT ?a ?d ?g WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
COUNT_CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
PLANS = "SELECT ?p WHERE { ?p a <https://w3id.org/plankg/ontology#Plan> }"


def test_cross_product_is_stopped_by_the_memory_cap_and_the_worker_comes_back(store_dir, monkeypatch):
    monkeypatch.setenv("PLANKG_QUERY_MEMORY_MB", "300")
    started = time.monotonic()
    with pytest.raises(queries.QueryMemoryError, match="memory limit of 300 MB"):
        queries.run_sparql(CROSS, store=str(store_dir), timeout=60)
    assert time.monotonic() - started < 30
    assert len(queries.run_sparql(PLANS, store=str(store_dir))) == 5


def test_cross_product_is_stopped_at_its_time_limit(store_dir):
    started = time.monotonic()
    with pytest.raises(queries.QueryTimeout, match="time limit of 2 s"):
        queries.run_sparql(COUNT_CROSS, store=str(store_dir), timeout=2)
    assert time.monotonic() - started < 4
    assert len(queries.run_sparql(PLANS, store=str(store_dir))) == 5


def test_in_memory_store_forks_with_the_same_limits(store, monkeypatch):
    with pytest.raises(queries.QueryTimeout):
        queries.run_sparql(COUNT_CROSS, store=store, timeout=1)
    monkeypatch.setenv("PLANKG_QUERY_MEMORY_MB", "300")
    with pytest.raises(queries.QueryMemoryError):
        queries.run_sparql(CROSS, store=store, timeout=60)
    assert len(queries.run_sparql(PLANS, store=store)) == 5


def test_queries_beyond_the_cap_wait_then_are_refused(store_dir, monkeypatch):
    monkeypatch.setenv("PLANKG_QUERY_WORKERS", "1")
    pool_for(str(store_dir), 1, 1024).warm()
    blocker = threading.Thread(target=lambda: pytest.raises(
        queries.QueryTimeout, queries.run_sparql, COUNT_CROSS, store=str(store_dir), timeout=3))
    blocker.start()
    time.sleep(0.5)
    with pytest.raises(queries.QueryBusy, match="1 queries are already running"):
        queries.run_sparql(PLANS, store=str(store_dir), timeout=1)
    blocker.join()
    assert len(queries.run_sparql(PLANS, store=str(store_dir), timeout=5)) == 5


def test_twenty_threads_share_the_pool_and_get_correct_answers(store_dir, store):
    expected = queries.run_query("plans", store=store).rows
    answers, errors = [], []

    def client():
        try:
            answers.append(queries.run_query("plans", store=str(store_dir)).rows)
        except Exception as problem:  # collected, asserted below
            errors.append(problem)

    threads = [threading.Thread(target=client) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(answers) == 20 and all(a == expected for a in answers)


@pytest.fixture
def silent_port():
    """A port that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield listener.getsockname()[1]
    listener.close()


def test_an_endpoint_that_never_answers_times_out(silent_port):
    started = time.monotonic()
    with pytest.raises(queries.QueryTimeout, match="did not answer within 2 s"):
        queries.run_sparql(PLANS, endpoint=f"http://127.0.0.1:{silent_port}/query", timeout=2)
    assert time.monotonic() - started < 5


def test_an_endpoint_that_is_down_is_one_clear_error():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(queries.EndpointError, match="refused"):
        queries.run_sparql(PLANS, endpoint=f"http://127.0.0.1:{port}/query", timeout=5)


@pytest.fixture
def odd_endpoint():
    """A local server answering every query with what the test puts in ``answer``."""
    answer = {"status": 200, "type": "text/html", "body": b"<html><body>Login</body></html>"}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(answer["status"])
            self.send_header("Content-Type", answer["type"])
            self.send_header("Content-Length", str(len(answer["body"])))
            self.end_headers()
            self.wfile.write(answer["body"])

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/query", answer
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("status, kind, body, message", [
    (200, "text/html", b"<html><body>Login</body></html>", "not a SPARQL result"),
    (200, "application/sparql-results+json", b'{"head":{"vars":["p"]},"results":{"bindings":[{"p":', "not a SPARQL result"),
    (503, "text/plain", b"Query evaluation cancelled", "HTTP 503"),
])
def test_an_endpoint_answering_nonsense_is_one_clear_error(odd_endpoint, status, kind, body, message):
    url, answer = odd_endpoint
    answer.update(status=status, type=kind, body=body)
    with pytest.raises(queries.EndpointError, match=message):
        queries.run_sparql(PLANS, endpoint=url, timeout=5)


@pytest.mark.parametrize("url", ["not-a-url", "file:///etc/passwd", "ftp://127.0.0.1/x"])
def test_only_http_endpoints_are_contacted(url):
    with pytest.raises(queries.EndpointError, match="not an http:// or https:// URL"):
        queries.run_sparql(PLANS, endpoint=url)
