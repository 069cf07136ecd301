"""The link queries of the catalogue and the link CLI: build links, link alone, trace, GraphML export."""
from __future__ import annotations

import networkx as nx
import pytest

from conftest import PLANS_DIR
from graph.query import execute as queries
from graph.query.catalogue import load_catalogue
from plankg_cli import main

CONTRACT = {
    "implements": ["childPlan", "childRegion", "childMeasure", "childHeading", "parentPlan", "parentRegion",
                   "parentMeasure", "parentHeading", "score", "method"],
    "measure_families": ["family", "heading", "members", "regions"],
}
PARAMS = {"unimplemented": ["plan", "parent"], "local_additions": ["plan"], "trace": ["measure"]}


def test_link_queries_keep_their_contract():
    catalogue = load_catalogue()
    for name, columns in CONTRACT.items():
        assert catalogue[name].column_names == columns, name
    for name, params in PARAMS.items():
        assert [p.name for p in catalogue[name].params] == params, name
    assert "weaker_targets" in catalogue
    assert catalogue["derivation_chain"].column_names == ["plan", "document", "title", "kind", "corpusPlan", "depth"]


def test_yueqing_skips_no_wenzhou_measure_and_adds_none(store, plan_iris):
    gaps = queries.run_query("unimplemented", {"plan": plan_iris["yueqing"], "parent": plan_iris["wenzhou"]}, store=store)
    assert len(gaps) == 0                                    # the gold alignment has no gaps either
    local = queries.run_query("local_additions", {"plan": plan_iris["yueqing"]}, store=store)
    assert len(local) == 0                                   # nor local additions


def test_quzhou_lacks_some_wenzhou_measures(store, plan_iris):
    rows = queries.run_query("unimplemented", {"plan": plan_iris["quzhou"], "parent": plan_iris["wenzhou"]},
                             store=store).records()
    assert 0 < len(rows) < 40
    assert "加强应急管理中对残疾人的保护和救助" not in {r["heading"] for r in rows}   # Quzhou has that one


def test_local_additions_are_in_no_family_and_implement_nothing(store, plan_iris, link_report):
    rows = queries.run_query("local_additions", {"plan": plan_iris["hangzhou"]}, store=store).records()
    in_families = {m for f in link_report.families for m in f.members}
    assert rows and not {r["measure"] for r in rows} & in_families


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("linkcli") / "store"
    assert main(["build", "--input", str(PLANS_DIR), "--store", str(path)]) == 0
    return path


def test_build_links_and_reports_counts(built, capsys):
    assert main(["link", "--store", str(built)]) == 0
    out = capsys.readouterr().out
    assert "41 implements" in out and "3 inferred derivesFrom" in out and "links graph: conforms" in out
    assert main(["validate", "--store", str(built)]) == 0
    assert "links graph checked" in capsys.readouterr().out


def test_trace_by_words_prints_the_chain_with_texts(built, capsys):
    assert main(["trace", "职业技能培训", "--store", str(built), "--width", "0"]) == 0
    out = capsys.readouterr().out
    assert "2 measures match" in out
    assert "200人次 → 2000人次" in out and "每年培训残疾人200人次" in out
    assert "↑ up 1  温州市" in out and "↓ down 1  乐清市" in out


def test_trace_by_iri_and_no_match(built, plan_iris, capsys):
    iri = plan_iris["quzhou"] + "/measure/3.1-m5"
    assert main(["trace", iri, "--store", str(built)]) == 0
    out = capsys.readouterr().out
    # Wenzhou's own version is a sibling correspondence; Yueqing's (implementing Wenzhou's) is in the family
    assert "● self 0  衢州市" in out and "↔ sibling 1  温州市" in out and "≈ family 0  乐清市" in out
    assert "strong (char-tfidf" in out
    assert main(["trace", "没有这样的措施", "--store", str(built)]) == 1
    assert "no measure matches" in capsys.readouterr().err


def test_export_graphml_from_the_cli(built, tmp_path):
    target = tmp_path / "links.graphml"
    assert main(["export", "--store", str(built), "--format", "graphml", "-o", str(target)]) == 0
    g = nx.read_graphml(target, force_multigraph=True)
    assert g.number_of_nodes() > 100 and g.number_of_edges() > 100
