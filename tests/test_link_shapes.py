"""The links-graph shapes: quiet on the real links graph, and each deliberately broken copy caught by its rule."""
from __future__ import annotations

import re

import pytest

from conftest import TEST_DATA
from graph.rdf.validate import LINK_SHAPES, links_data_graph, validate_graph, validate_links

CASES = sorted((TEST_DATA / "link-shapes").glob("*.ru"))


def expected_shape(case) -> str:
    match = re.match(r"# expect: (\S+)", case.read_text(encoding="utf-8"))
    assert match, f"{case.name}: first line must be '# expect: shp:…'"
    return match.group(1)


@pytest.fixture(scope="module")
def links_data(store):
    return links_data_graph(store)


def test_the_links_graph_of_the_five_plans_conforms(store):
    report = validate_links(store)
    assert report.conforms, "\n".join(map(str, report.rows))


def test_there_are_broken_cases_for_every_new_rule():
    assert len(CASES) >= 8
    expected = {expected_shape(c) for c in CASES}
    assert {"shp:ImplementsWithinRegion", "shp:DerivationAcyclic", "shp:LinkScore", "shp:LinkMethod"} <= expected


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_broken_links_graph_is_caught_by_its_shape(links_data, case):
    graph = links_data.__class__()
    for triple in links_data:
        graph.add(triple)
    before = set(graph)
    graph.update(case.read_text(encoding="utf-8"))
    assert set(graph) != before, f"{case.name} changed nothing"
    report = validate_graph(graph, case.stem, LINK_SHAPES)
    assert not report.conforms
    shapes = {row.shape for row in report.violations}
    assert expected_shape(case) in shapes, "\n".join(map(str, report.rows))
    row = next(r for r in report.violations if r.shape == expected_shape(case))
    assert row.message and row.focus.startswith("https://w3id.org/plankg/id/")
