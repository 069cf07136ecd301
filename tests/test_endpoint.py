"""A live Oxigraph server on 127.0.0.1: publish graph by graph, same answers as the embedded store, serve read-only."""
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from graph.query import execute as queries
from graph.query.catalogue import load_catalogue
from graph.query.endpoint import Server, free_port, is_up
from plankg_cli import main

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "data" / "plans"
CATALOGUE = load_catalogue()
COUNT_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def server(store_dir):
    with Server() as live:
        assert main(["publish", "--endpoint", live.store_url, "--store", str(store_dir)]) == 0
        yield live


def count(result) -> int:
    return int(result.rows[0][0].value)


def test_publish_sends_each_named_graph_and_replaces_it(server, store, store_dir, capsys):
    capsys.readouterr()
    assert main(["publish", "--endpoint", server.store_url, "--store", str(store_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    graphs = {g.value for g in store.named_graphs()}
    assert {line.split("\t")[0] for line in lines} == graphs and len(lines) == len(graphs)
    # published twice: the endpoint holds each quad once
    remote = count(queries.run_sparql(COUNT_QUADS, endpoint=server.query_url))
    assert remote == count(queries.run_sparql(COUNT_QUADS, store=store)) == len(store)


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_query_gives_the_same_rows_at_the_endpoint(server, store, name):
    embedded = queries.run_query(name, store=store)
    remote = queries.run_query(name, endpoint=server.query_url)
    assert remote.columns == embedded.columns == CATALOGUE[name].column_names
    assert remote.rows == embedded.rows
    assert len(remote) > 0


@pytest.mark.parametrize("params", [
    {"concept": "ci:disability-home-coverage"}, {"concept": "ci:employment-rate"}])
def test_parameters_bind_the_same_at_the_endpoint(server, store, params):
    assert (queries.run_query("indicator_compare", params, endpoint=server.query_url).rows
            == queries.run_query("indicator_compare", params, store=store).rows)


@pytest.mark.parametrize("name", ["indicators", "weaker_targets"])
def test_a_region_prefix_narrows_the_same_at_the_endpoint(server, store, name):
    # the endpoint gets the prefix in a VALUES block, the embedded store written into the FILTER
    for prefix in ("3303", "330382"):
        remote = queries.run_query(name, {"within": prefix}, endpoint=server.query_url)
        assert remote.rows == queries.run_query(name, {"within": prefix}, store=store).rows and len(remote) > 0


@pytest.mark.parametrize("value", ['"', "} ; DROP ALL ; #", '" } ; DROP ALL ; #', "\\u0022 } DROP ALL #", "'''"])
def test_break_outs_change_nothing_at_the_endpoint(server, store, value):
    before = count(queries.run_sparql(COUNT_QUADS, endpoint=server.query_url))
    assert len(queries.run_query("search", {"text": value}, endpoint=server.query_url)) == 0
    with pytest.raises(queries.ParameterError):
        queries.run_query("indicator_compare", {"concept": value}, endpoint=server.query_url)
    with pytest.raises(queries.ReadOnlyError):
        queries.run_sparql("DROP ALL", endpoint=server.query_url)
    assert count(queries.run_sparql(COUNT_QUADS, endpoint=server.query_url)) == before == len(store)


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_runaway_query_at_the_endpoint_stops_at_its_limit(store_dir):
    # a server of its own: the abandoned query keeps that server busy until its own limit
    with Server(store_dir, read_only=True, timeout_s=3) as busy:
        started = time.monotonic()
        with pytest.raises((queries.QueryTimeout, queries.EndpointError)):
            queries.run_sparql(RUNAWAY, endpoint=busy.query_url, timeout=2)
        assert time.monotonic() - started < 6


def test_plankg_serve_is_read_only_on_localhost(store_dir):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "plankg_cli", "serve", "--store", str(store_dir),
                                "--port", str(port)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while not is_up(url):
            assert process.poll() is None, process.stdout.read().decode()
            assert time.monotonic() < deadline, "plankg serve did not answer"
            time.sleep(0.1)
        plans = queries.run_query("plans", endpoint=url + "/query").records()
        assert {r["region"] for r in plans} == {"杭州市", "温州市", "乐清市", "嘉善县", "衢州市"}
        update = urllib.request.Request(url + "/update", data=b"DROP ALL", method="POST",
                                        headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(update, timeout=10)
        assert len(queries.run_query("plans", endpoint=url + "/query")) == 5
    finally:
        process.terminate()
        process.wait(10)
        process.stdout.close()
