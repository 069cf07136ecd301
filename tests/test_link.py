"""Linking the five plans: implements against the gold alignment through the graph and the query,
evidence, families, cascade, determinism, and which plans get compared."""
from __future__ import annotations

import csv
import re
from dataclasses import replace
from itertools import combinations

import pyoxigraph as ox
import pytest

from conftest import PLANS_DIR, ROOT
from graph.query import execute as queries
from graph.rdf.iris import part_iri
from graph.link.linker import link_store
from graph.rdf.namespace import LINKS_GRAPH
from graph.rdf.store import load_plans, open_store

GOLD = ROOT / "tests/data/alignment/yueqing-wenzhou.tsv"
MAIN_TASKS = "2"
MIN_PRECISION = MIN_RECALL = 0.95
PK = "https://w3id.org/plankg/ontology#"
LINK_MODULES = sorted(str(p.relative_to(ROOT / "graph")) for p in (ROOT / "graph" / "link").glob("*.py")) + ["query/trace.py"]


@pytest.fixture(scope="module")
def gold(plan_iris):
    with GOLD.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return {(part_iri(plan_iris["yueqing"], "measure", r["child"]), part_iri(plan_iris["wenzhou"], "measure", r["parent"]))
            for r in rows if r["parent"]}


def is_main_task(measure: str) -> bool:
    return measure.rsplit("/measure/", 1)[1].split(".", 1)[0] == MAIN_TASKS


def score(predicted: set, expected: set, label: str) -> tuple[float, float]:
    hits = predicted & expected
    precision = len(hits) / len(predicted) if predicted else 0.0
    recall = len(hits) / len(expected) if expected else 0.0
    print(f"\n{label}: precision {precision:.3f} ({len(hits)}/{len(predicted)}), "
          f"recall {recall:.3f} ({len(hits)}/{len(expected)})")
    return precision, recall


def links_graph(store) -> list[str]:
    data = store.dump(format=ox.RdfFormat.N_QUADS, from_graph=ox.NamedNode(LINKS_GRAPH)).decode("utf-8")
    return sorted(data.splitlines())


def test_yueqing_main_tasks_link_to_wenzhou_in_the_graph(store, plan_iris, gold):
    text = f"""SELECT ?plan ?c ?p WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?c <{PK}implements> ?p }}
               GRAPH ?g {{ ?c <{PK}inPlan> ?plan }} }}"""
    rows = store.query(text, substitutions={ox.Variable("plan"): ox.NamedNode(plan_iris["yueqing"])})
    predicted = {(r["c"].value, r["p"].value) for r in rows if is_main_task(r["c"].value)}
    precision, recall = score(predicted, gold, "links graph, Yueqing -> Wenzhou main tasks")
    assert precision >= MIN_PRECISION, sorted(predicted - gold)
    assert recall >= MIN_RECALL, sorted(gold - predicted)


def test_yueqing_main_tasks_link_to_wenzhou_in_the_implements_query(store, plan_iris, gold):
    rows = queries.run_query("implements", {"plan": plan_iris["yueqing"]}, store=store).records()
    assert {r["childRegion"] for r in rows} == {"乐清市"} and {r["parentRegion"] for r in rows} == {"温州市"}
    assert all(0 <= r["score"] <= 1 and r["method"] for r in rows)
    predicted = {(r["childMeasure"], r["parentMeasure"]) for r in rows if is_main_task(r["childMeasure"])}
    precision, recall = score(predicted, gold, "implements query, Yueqing -> Wenzhou main tasks")
    assert precision >= MIN_PRECISION and recall >= MIN_RECALL


def test_training_measure_shows_the_changed_number_in_the_evidence(store, plan_iris):
    child = part_iri(plan_iris["yueqing"], "measure", "2.2-m5")
    rows = queries.run_query("trace", {"measure": child}, store=store).records()
    up = [r for r in rows if r["direction"] == "up"]
    assert len(up) == 1 and up[0]["other"] == part_iri(plan_iris["wenzhou"], "measure", "2.2-m5")
    assert "200人次 → 2000人次" in up[0]["changedNumbers"]
    assert "每年培训残疾人2000人次" in up[0]["text"].replace(" ", "")
    text = f"""SELECT ?child ?changed ?shared WHERE {{ ?a <{PK}alignmentSource> ?child ;
               <{PK}changedNumber> ?changed ; <{PK}sharedText> ?shared }}"""
    found = store.query(text, use_default_graph_as_union=True, substitutions={ox.Variable("child"): ox.NamedNode(child)})
    found = list(found)
    assert {r["changed"].value for r in found} == {"200人次 → 2000人次"}
    assert any("职业技能培训" in r["shared"].value for r in found)


def test_links_are_written_as_the_store_dumps_them(store):
    # the linker writes N-Triples lines itself; relinking compares them with the store's dump line by
    # line (replace_graph_data), so each must be exactly the line Oxigraph's serializer gives
    from graph.link.corpus import read_corpus
    from graph.link.linker import link_data

    data, _ = link_data(read_corpus(store))
    lines = b"".join(data).splitlines()
    written = set(lines) - {b""}
    assert len(lines) == len(written), "a triple written twice"     # link_store counts a new graph by its lines
    dumped = set(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(LINKS_GRAPH)).splitlines()) - {b""}
    assert len(written) > 5_000 and written == dumped, sorted(written ^ dumped)[:5]
    for form in (b"#decimal> .", b"#boolean> .", "残疾人\" .".encode()):    # typed, Chinese text
        assert any(line.endswith(form) for line in written), form


def test_linking_is_deterministic(records, store):
    again = open_store()
    load_plans(again, list(records.values())[::-1], PLANS_DIR)     # another load order
    link_store(again)
    link_store(again)                                               # and linked twice
    first, second = links_graph(store), links_graph(again)
    assert first and first == second, sorted(set(first) ^ set(second))[:5]
    assert "_:" not in "".join(first), "blank node in the links graph"


def test_linking_compares_only_plan_parent_and_same_level_pairs(link_report, plan_iris, records):
    p = plan_iris
    # Jiashan's parent plan (its city's) is not in the corpus: it is compared with the city plans of
    # its province instead; Yueqing, whose parent plan is, only with that.
    expected = {(p["yueqing"], p["wenzhou"], "parent"), (p["hangzhou"], p["wenzhou"], "sibling"),
                (p["hangzhou"], p["quzhou"], "sibling"), (p["wenzhou"], p["quzhou"], "sibling"),
                (p["jiashan"], p["hangzhou"], "parent-sibling"), (p["jiashan"], p["wenzhou"], "parent-sibling"),
                (p["jiashan"], p["quzhou"], "parent-sibling")}
    assert set(link_report.plan_pairs) == expected and len(link_report.plan_pairs) == len(expected)
    sizes = {name: sum(1 for m in r.iter_measures() if m.kind != "sub_item") for name, r in records.items()}
    by_iri = {p[name]: n for name, n in sizes.items()}
    assert link_report.measure_pairs == sum(by_iri[a] * by_iri[b] for a, b, _ in expected)
    every_pair = sum(sizes[a] * sizes[b] for a, b in combinations(sorted(sizes), 2))
    print(f"\nmeasure pairs scored {link_report.measure_pairs} of {every_pair} across the corpus")
    with_yueqing = {b if a == p["yueqing"] else a for a, b, _ in link_report.plan_pairs if p["yueqing"] in (a, b)}
    assert with_yueqing == {p["wenzhou"]}


def test_emergency_protection_family_traces_to_the_provincial_plan(store, plan_iris):
    rows = queries.run_query("measure_families", {"keyword": "应急管理"}, store=store).records()
    assert len(rows) == 1 and rows[0]["heading"] == "加强应急管理中对残疾人的保护和救助"
    assert set(rows[0]["regions"].split("、")) == {"温州市", "乐清市", "衢州市"} and rows[0]["members"] == 3
    text = f"""SELECT ?family ?source ?title ?inferred ?score WHERE {{
      ?family <{PK}inferredSource> ?source . ?source <http://purl.org/dc/terms/title> ?title .
      ?link <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?family ;
            <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?source ; <{PK}inferred> ?inferred ; <{PK}score> ?score }}"""
    found = list(store.query(text, use_default_graph_as_union=True,
                             substitutions={ox.Variable("family"): ox.NamedNode(rows[0]["family"])}))
    assert {r["title"].value for r in found} == {"浙江省残疾人事业发展“十四五”规划"}
    assert {r["inferred"].value for r in found} == {"true"}


def test_cascade_flags_the_real_cases(store):
    rows = queries.run_query("weaker_targets", store=store).records()
    kinds = {(r["region"], r["kind"], r["concept"].rsplit("/", 1)[1]) for r in rows}
    # Wenzhou sets 规范化残疾儿童康复机构覆盖率 ＞90%; Yueqing sets no such target
    assert ("乐清市", "missing-in-child", "child-rehab-institution-coverage") in kinds
    # Yueqing's 2020 baseline of 100 % already meets its 2025 target of 100 %
    assert ("乐清市", "reached-at-baseline", "rehab-service-coverage") in kinds
    # Wenzhou ≥90 % against Hangzhou ≥95 % and Quzhou ≥92 %
    assert ("温州市", "weakest-among-siblings", "disability-home-coverage") in kinds
    only = queries.run_query("weaker_targets", {"kind": "missing-in-child"}, store=store).records()
    assert only and {r["kind"] for r in only} == {"missing-in-child"}
    assert all(r["comparedPlan"] for r in only)


def test_a_lowered_target_is_weaker_than_the_parent_plans(records, plan_iris):
    yueqing = records["yueqing"]
    lowered = []
    for row in yueqing.indicators:
        if row.target.value is not None and "残疾人之家" in row.name:
            row = replace(row, target=replace(row.target, text="≥50%", value=50.0, comparator=">="))
        lowered.append(row)
    assert lowered != yueqing.indicators
    s = open_store()
    load_plans(s, [records["wenzhou"], replace(yueqing, indicators=lowered)], PLANS_DIR)
    link_store(s)
    rows = queries.run_query("weaker_targets", {"kind": "weaker-than-parent"}, store=s).records()
    assert [(r["region"], r["target"], r["comparedTarget"]) for r in rows] == [("乐清市", "≥50%", "≥90%")]
    assert rows[0]["comparedPlan"] == plan_iris["wenzhou"]


def test_link_modules_name_no_region_or_title():
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for name in LINK_MODULES:
        text = (ROOT / "graph" / name).read_text(encoding="utf-8")
        assert not cjk.search(text), f"graph/{name}: Chinese text in code; plan facts belong in data"


def test_a_plan_whose_measures_were_not_found_is_linked_without_them(records, plan_iris):
    # a loader that found no measure in a plan (its tasks in a layout not read yet) must not stop linking:
    # the plan keeps its derivation link and the other plans their measure links
    from graph.rdf.build import build_plan
    from graph.rdf.store import replace_graph

    store = open_store()
    load_plans(store, [records["wenzhou"], records["yueqing"], records["jiashan"]], PLANS_DIR)
    without = [q for q in build_plan(records["yueqing"], PLANS_DIR) if q.predicate.value != "https://w3id.org/plankg/ontology#text"]
    replace_graph(store, ox.NamedNode(plan_iris["yueqing"] + "/graph"), [q for q in without if q.graph_name.value == plan_iris["yueqing"] + "/graph"])
    report = link_store(store)
    counts = report.counts()
    assert counts["implements"] == 0                      # Yueqing's measures (the only child) are gone
    assert counts["correspondences"] > 0                  # Jiashan (parent plan absent) against Wenzhou
    assert (plan_iris["yueqing"], plan_iris["wenzhou"], "parent") in report.plan_pairs
    derives = {(r["child"].value, r["parent"].value) for r in store.query(
        "SELECT ?child ?parent WHERE { GRAPH ?g { ?child <https://w3id.org/plankg/ontology#derivesFrom> ?parent } }")}
    assert (plan_iris["yueqing"], plan_iris["wenzhou"]) in derives


def test_linking_in_worker_processes_gives_the_links_a_single_process_gives(records, store, link_report, monkeypatch):
    # large corpora compare their plan pairs in forked workers (graph.link.implementation.compare_all);
    # the threshold is lowered so that the five plans take that path
    import graph.link.implementation as implementation

    monkeypatch.setattr(implementation, "PARALLEL_MEASURE_PAIRS", 0)
    cut, real_runs = [], implementation._runs
    monkeypatch.setattr(implementation, "_runs", lambda sizes, count: cut.append(real_runs(sizes, count)) or cut[-1])
    again = open_store()
    load_plans(again, records.values(), PLANS_DIR)
    report = link_store(again, jobs=2)
    assert len(cut) == 1 and len(cut[0]) > 2                 # the pairs went to the workers in runs
    assert links_graph(again) == links_graph(store)
    assert report.counts() == link_report.counts()
    assert [(p.child, p.parent, p.relation, [(l.a, l.b, l.score, l.strength) for l in p.links]) for p in report.comparisons] \
        == [(p.child, p.parent, p.relation, [(l.a, l.b, l.score, l.strength) for l in p.links]) for p in link_report.comparisons]


def test_a_large_links_graph_written_new_is_counted_by_its_lines(records, tmp_path, monkeypatch):
    # above LARGE_GRAPH triples the links graph goes through the bulk loader, and into a store without
    # one it is counted by its lines (no set of millions of lines): the count must be the store's
    import graph.rdf.store as store_module

    monkeypatch.setattr(store_module, "LARGE_GRAPH", 1_000)
    fresh = open_store(tmp_path / "store")
    load_plans(fresh, list(records.values()), PLANS_DIR)
    report = link_store(fresh)
    held = len(links_graph(fresh))
    assert report.quads == held > 5_000
    assert link_store(fresh).quads == held                           # relinked by difference: the same
