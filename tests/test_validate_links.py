"""The links graph validated in batches gives the verdict of validating it whole: on the five plans'
links, and on a links graph broken by every link-shape case at once, with batches small enough to cut
between link nodes, families and the derivation graph."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from conftest import TEST_DATA, links_broken_by
from graph.rdf.namespace import LINKS_GRAPH
from graph.rdf.validate import LINK_SHAPES, links_data_graph, validate_graph
from graph.rdf.link_validation import link_batches, validate_links_batched

CASES = sorted((TEST_DATA / "link-shapes").glob("*.ru"))


def _rows(report):
    return sorted((r.focus, r.shape, r.severity, r.path or "", r.value or "") for r in report.rows)


@pytest.fixture(scope="module")
def broken(store):
    """The five plans' store with every link-shape case applied to its links graph."""
    return links_broken_by(store, CASES)


def test_the_batches_cover_the_links_graph_once(store):
    links = ox.NamedNode(LINKS_GRAPH)
    whole = {q.triple for q in store.quads_for_pattern(None, None, None, links)}
    seen = []
    for data in link_batches(store, size=300):
        seen.extend({t.triple for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)} & whole)
    assert len(seen) == len(whole) > 5_000 and set(seen) == whole
    assert sum(1 for _ in link_batches(store, size=300)) > 20


def test_batched_and_whole_agree_on_the_five_plans(store):
    whole = validate_graph(links_data_graph(store), LINKS_GRAPH, LINK_SHAPES)
    batched = validate_links_batched(store, size=300)
    assert whole.conforms and batched.conforms and not batched.rows


@pytest.mark.parametrize("jobs", [1, 2])
def test_batched_and_whole_agree_on_a_broken_links_graph(broken, jobs):
    whole = validate_graph(links_data_graph(broken), LINKS_GRAPH, LINK_SHAPES)
    batched = validate_links_batched(broken, jobs=jobs, size=300)
    assert not whole.conforms and not batched.conforms
    assert _rows(batched) == _rows(whole)
    fired = {r.shape for r in batched.rows}
    assert {"shp:LinkScore", "shp:DerivationAcyclic", "shp:LinkMethod", "shp:FindingKind"} <= fired, fired
    assert "sh:result" in batched.turtle and batched.turtle.count("sh:ValidationReport") == 1
