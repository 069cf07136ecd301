"""The SHACL shapes: valid per meta-SHACL, quiet on good graphs, and each broken graph caught by its rule."""
from __future__ import annotations

import re

import pyshacl
import pytest
import rdflib

from conftest import TEST_DATA
from graph.rdf.validate import shapes_graph, validate_graph

CASES = sorted((TEST_DATA / "shapes").glob("*.ru"))
BASE = TEST_DATA / "shapes" / "base.ttl"


def base_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(BASE, format="turtle")


def expected_shape(case) -> str:
    match = re.match(r"# expect: (\S+)", case.read_text(encoding="utf-8"))
    assert match, f"{case.name}: first line must be '# expect: shp:…'"
    return match.group(1)


def test_shapes_pass_meta_shacl():
    conforms, _, text = pyshacl.validate(rdflib.Graph(), shacl_graph=shapes_graph(), meta_shacl=True)
    assert conforms, text


def test_base_graph_conforms():
    report = validate_graph(base_graph(), "base")
    assert report.conforms, "\n".join(map(str, report.rows))


def test_there_are_at_least_twelve_broken_graphs():
    assert len(CASES) >= 12


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_broken_graph_is_caught_by_its_shape(case):
    graph = base_graph()
    before = len(graph)
    graph.update(case.read_text(encoding="utf-8"))
    assert len(graph) != before or "DELETE" in case.read_text(), f"{case.name} changed nothing"
    report = validate_graph(graph, case.stem)
    assert not report.conforms
    shapes = {row.shape for row in report.violations}
    assert expected_shape(case) in shapes, "\n".join(map(str, report.rows))
    row = next(r for r in report.violations if r.shape == expected_shape(case))
    assert row.message and row.focus.startswith("https://w3id.org/plankg/id/")


def test_report_rows_name_the_source_line():
    graph = base_graph()
    graph.update((TEST_DATA / "shapes" / "indicator-without-concept.ru").read_text(encoding="utf-8"))
    row = validate_graph(graph, "base").violations[0]
    assert row.source == "999999-sample-2021-2025.txt:8"
    assert "indicators.ttl" in row.message
    assert "shp:IndicatorConcept" in str(row) and "999999-sample-2021-2025.txt:8" in str(row)


def test_machine_report_is_turtle():
    graph = base_graph()
    graph.update((TEST_DATA / "shapes" / "percentage-120.ru").read_text(encoding="utf-8"))
    report = validate_graph(graph, "base")
    results = rdflib.Graph().parse(data=report.turtle, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert (None, sh.conforms, rdflib.Literal(False)) in results
    row = report.violations[0]
    assert row.shape == "shp:ValuePercentRange" and row.focus.endswith("/indicator/4/target")
    assert row.source == "999999-sample-2021-2025.txt:8"       # the span of the indicator row holding the value


def test_the_five_plans_conform(reports):
    assert len(reports) == 5
    for report in reports:
        assert report.conforms, f"{report.plan}\n" + "\n".join(map(str, report.rows[:20]))
