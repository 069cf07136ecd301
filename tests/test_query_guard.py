"""Issue 14 items 1, 2, 4 and 11: SELECT *, SERVICE refused, deep queries answered or refused cleanly."""
import http.server
import threading

import pytest

from graph.query import execute as queries
from graph.query.guard import MAX_NESTING, analyse

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def nested(depth: int) -> str:
    return "SELECT ?s WHERE " + "{ " * depth + "?s a <https://w3id.org/plankg/ontology#Plan> " + "} " * depth


def test_select_star_runs_on_the_embedded_store(store):
    result = queries.run_sparql("SELECT * WHERE { ?s ?p ?o } LIMIT 1", store=store)
    assert set(result.columns) == {"s", "p", "o"} and len(result.rows) == 1


def test_select_star_runs_in_the_cli(store_dir, monkeypatch, capsys):
    import io

    from plankg_cli import main
    monkeypatch.setattr("sys.stdin", io.StringIO("SELECT * WHERE { ?s a <https://w3id.org/plankg/ontology#Plan> }"))
    assert main(["sparql", "-", "--store", str(store_dir), "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "s" and len(out) == 6


def test_fifty_levels_deep_are_answered(store, store_dir):
    assert len(queries.run_sparql(nested(50), store=store)) == 5
    assert len(queries.run_sparql(nested(50), store=str(store_dir))) == 5


def test_three_thousand_levels_are_refused_in_one_line(store_dir):
    with pytest.raises(queries.QuerySyntaxError, match=f"nested 3000 levels deep; the limit is {MAX_NESTING}"):
        queries.run_sparql(nested(3000), store=str(store_dir))
    assert int(queries.run_sparql(COUNT, store=str(store_dir)).rows[0][0].value) > 10000


@pytest.fixture
def listener():
    """A local HTTP server that records every request it receives."""
    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            seen.append(self.path)
            body = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"leak"}}]}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", seen
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?x ?y ?z }} }}",
    "SELECT * WHERE {{ service silent <{url}> {{ ?x ?y ?z }} }}",
    "SELECT * WHERE {{ SERV\\u0049CE <{url}> {{ ?x ?y ?z }} }}",
    "PREFIX e: <{url}> SELECT * WHERE {{ BIND(e: AS ?e) SERVICE ?e {{ ?x ?y ?z }} }}",
])
def test_service_is_refused_and_sends_nothing(store, store_dir, listener, template):
    url, seen = listener
    query = template.format(url=url)
    for source in ({"store": store}, {"store": str(store_dir)}):
        with pytest.raises(queries.ServiceRefused, match="PLANKG_SERVICE_ALLOW"):
            queries.run_sparql(query, **source)
    assert seen == []


def test_service_to_an_endpoint_the_user_allows_runs(store_dir, listener, monkeypatch):
    url, seen = listener
    monkeypatch.setenv("PLANKG_SERVICE_ALLOW", url)
    result = queries.run_sparql(f"SELECT ?x WHERE {{ SERVICE <{url}> {{ ?x ?y ?z }} }}", store=str(store_dir))
    assert [queries.to_python(r[0]) for r in result.rows] == ["leak"] and len(seen) == 1
    with pytest.raises(queries.ServiceRefused, match="only endpoints listed"):
        queries.run_sparql("SELECT * WHERE { SERVICE <http://127.0.0.1:9/other> { ?x ?y ?z } }", store=str(store_dir))


@pytest.mark.parametrize("text, form", [
    ("# a comment SELECT\nPREFIX pk: <https://w3id.org/plankg/ontology#>\nASK { ?s a pk:Plan }", "ASK"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1", "CONSTRUCT"),
    ('SELECT ?s WHERE { ?s ?p "SERVICE <http://x/> { }" }', "SELECT"),
])
def test_the_guard_reads_form_past_comments_and_strings(text, form):
    found = analyse(text)
    assert found.form == form and found.services == ()


@pytest.mark.parametrize("text", ["DROP ALL", "INSERT DATA { <a:b> <a:c> <a:d> }",
                                  "PREFIX x: <a:> WITH <a:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"])
def test_updates_are_refused(store_dir, text):
    with pytest.raises(queries.ReadOnlyError, match="only SELECT, ASK, CONSTRUCT and DESCRIBE"):
        queries.run_sparql(text, store=str(store_dir))
