"""``plankg serve`` (issue 14 items 2, 3, 10; issue 10 items 4 and 6): SPARQL 1.1 Protocol, limits, 20 clients."""
import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from graph.query.endpoint import free_port, is_up

ROOT = Path(__file__).resolve().parent.parent
PLANS = "SELECT ?p WHERE { ?p a <https://w3id.org/plankg/ontology#Plan> } ORDER BY ?p"
CROSS = "SELECT ?a ?d ?g WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
COUNT_CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def served(store_dir):
    port = free_port()
    env = {**__import__("os").environ, "PLANKG_QUERY_MEMORY_MB": "150", "PLANKG_QUERY_WORKERS": "3"}
    process = subprocess.Popen([sys.executable, "-m", "plankg_cli", "serve", "--store", str(store_dir),
                                "--port", str(port), "--timeout", "5"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while not is_up(url):
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline, "plankg serve did not answer"
        time.sleep(0.1)
    yield url, process
    process.terminate()
    process.wait(10)
    process.stderr.close()


def ask(url, query, accept="application/sparql-results+json", method="GET", timeout=30):
    if method == "GET":
        request = urllib.request.Request(f"{url}/query?{urllib.parse.urlencode({'query': query})}",
                                         headers={"Accept": accept})
    else:
        request = urllib.request.Request(f"{url}/query", data=query.encode(), method="POST",
                                         headers={"Accept": accept, "Content-Type": "application/sparql-query"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers.get("Content-Type"), response.read().decode()
    except urllib.error.HTTPError as problem:
        return problem.code, problem.headers.get("Content-Type"), problem.read().decode()


@pytest.mark.parametrize("accept, kind, check", [
    ("application/sparql-results+json", "application/sparql-results+json",
     lambda body: len(json.loads(body)["results"]["bindings"]) == 5),
    ("application/sparql-results+xml", "application/sparql-results+xml", lambda body: body.count("<result>") == 5),
    ("text/csv", "text/csv", lambda body: body.splitlines()[0] == "p" and len(body.splitlines()) == 6),
    ("text/tab-separated-values", "text/tab-separated-values",
     lambda body: body.splitlines()[0] == "?p" and body.splitlines()[1].startswith("<https://w3id.org/plankg/id/plan/")),
])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_results_in_the_format_asked_for(served, accept, kind, check, method):
    status, content_type, body = ask(served[0], PLANS, accept, method)
    assert status == 200 and content_type.startswith(kind) and check(body)


def test_construct_answers_turtle(served):
    status, kind, body = ask(served[0], "CONSTRUCT { ?p a <https://w3id.org/plankg/ontology#Plan> } WHERE { ?p a "
                                        "<https://w3id.org/plankg/ontology#Plan> }", "text/turtle")
    assert status == 200 and kind.startswith("text/turtle") and body.count("/plan/") == 5


def test_deep_query_is_refused_and_the_server_stays_up(served):
    deep = "SELECT * WHERE " + "{ " * 3000 + "?s ?p ?o " + "} " * 3000
    status, _, body = ask(served[0], deep, method="POST")
    assert status == 400 and "nested 3000 levels deep" in body
    assert ask(served[0], PLANS)[0] == 200 and served[1].poll() is None


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/csv"])
def test_a_query_stopped_at_its_time_limit_is_an_error_status(served, accept):
    started = time.monotonic()
    status, kind, body = ask(served[0], COUNT_CROSS, accept)
    assert status == 503 and kind.startswith("text/plain") and "time limit of 5 s" in body
    assert time.monotonic() - started < 10
    assert ask(served[0], PLANS)[0] == 200


def test_a_query_stopped_at_its_memory_cap_is_an_error_status(served):
    status, _, body = ask(served[0], CROSS)
    assert status == 503 and "memory limit of 150 MB" in body
    assert ask(served[0], PLANS)[0] == 200


@pytest.mark.parametrize("query, status, words", [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", 400, "SERVICE"),
    ("DROP ALL", 403, "SPARQL update"),
    ("SELECT * WHERE { ?s ?p }", 400, "error at 1:"),
])
def test_bad_queries_get_a_client_error(served, query, status, words):
    answer = ask(served[0], query)
    assert answer[0] == status and words in answer[2]


def test_twenty_concurrent_clients_get_correct_answers(served):
    expected = ask(served[0], PLANS)[2]
    answers = []

    def client(i):
        answers.append(ask(served[0], PLANS, method="POST" if i % 2 else "GET"))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(answers) == 20 and all(a[0] == 200 and a[2] == expected for a in answers)


def test_unknown_paths_and_updates_are_refused(served):
    with urllib.request.urlopen(served[0] + "/", timeout=10) as index:
        assert index.status == 200 and "/query" in index.read().decode()
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(served[0] + "/nothing-here", timeout=10)
    assert missing.value.code == 404
    request = urllib.request.Request(served[0] + "/update", data=b"DROP ALL", method="POST",
                                     headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 404
    assert ask(served[0], PLANS)[0] == 200
