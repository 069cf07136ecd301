"""pyshacl-turbo, the default SHACL engine, gives pySHACL's verdict on every shape test and on the real plans."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib

from conftest import TEST_DATA
from graph.rdf.validate import LINK_SHAPES, _data_store, links_data_graph, plan_data_graph, validate_graph
from graph.rdf.store import plan_graphs

PLAN_CASES = sorted((TEST_DATA / "shapes").glob("*.ru"))
LINK_CASES = sorted((TEST_DATA / "link-shapes").glob("*.ru"))


def _verdict(report):
    """What a verdict is made of: conformance and each result's node, rule, severity, path and value."""
    return report.conforms, sorted((r.focus, r.shape, r.severity, r.path or "", r.value or "", r.source or "")
                                   for r in report.rows)


def _same(graph: rdflib.Graph, name: str, use_shapes=None):
    # both engines get the data as a store holds it, as every plan's and the links graph's data comes:
    # Oxigraph keeps a decimal's value, not its spelling ("-5.0" reads back as "-5")
    data = _data_store(graph).dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    turbo = validate_graph(data, name, use_shapes, engine="turbo")
    reference = validate_graph(data, name, use_shapes, engine="pyshacl")
    assert _verdict(turbo) == _verdict(reference), name
    return turbo


def test_there_are_cases_to_compare():
    assert len(PLAN_CASES) >= 12 and len(LINK_CASES) >= 6


@pytest.mark.parametrize("case", PLAN_CASES, ids=[c.stem for c in PLAN_CASES])
def test_plan_shape_cases(case):
    graph = rdflib.Graph().parse(TEST_DATA / "shapes" / "base.ttl", format="turtle")
    graph.update(case.read_text(encoding="utf-8"))
    assert not _same(graph, case.stem).conforms


def test_link_shape_cases(store):
    base = links_data_graph(store)
    assert _same(base, "links", LINK_SHAPES).conforms
    for case in LINK_CASES:
        graph = rdflib.Graph()
        for triple in base:
            graph.add(triple)
        graph.update(case.read_text(encoding="utf-8"))
        assert not _same(graph, case.stem, LINK_SHAPES).conforms, case.stem


def test_the_five_real_plans(store):
    graphs = plan_graphs(store)
    assert len(graphs) == 5
    for plan, graph in graphs:
        assert _same(plan_data_graph(store, graph), plan).conforms


def test_an_unknown_engine_is_refused_by_name():
    with pytest.raises(ValueError, match="PLANKG_SHACL_ENGINE='jena': not a SHACL engine"):
        validate_graph(rdflib.Graph(), "x", engine="jena")
