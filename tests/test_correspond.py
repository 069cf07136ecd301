"""Measure correspondences between plans that reword each other, checked on the hand-made sibling alignments.

The gold files of ``tests/data/alignment/`` (Hangzhou, Quzhou and Jiashan: three plans that share the
absent provincial plan) are scored through the graph the pipeline builds, read back with the
``correspondences`` query, so the loaders, the linker, the writer and the query are all under test.
"""
from __future__ import annotations

import csv
from collections import Counter

import pytest

from conftest import ROOT
from graph.link.correspond import METHOD, LinkModel, compare_vectors, correspond
from graph.link.corpus import read_corpus
from graph.link.implementation import measures as plan_measures
from graph.link.topics import topic_vocabulary
from graph.query import execute as queries
from graph.rdf.iris import part_iri

ALIGNMENT = ROOT / "tests/data/alignment"
PAIRS = [("hangzhou", "jiashan"), ("quzhou", "jiashan"), ("hangzhou", "quzhou")]
MIN_PRECISION = 0.9           # of every link found (strong or partial) against the gold pairs
MIN_STRONG_RECALL = 0.85      # of the gold strong pairs, found as links
TOPICS = "https://w3id.org/plankg/id/topic/"


def read_gold(a: str, b: str) -> dict[tuple[str, str], str]:
    path = ALIGNMENT / f"{a}-{b}.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert rows and list(rows[0]) == [a, b, "strength", "note"], path
    return {(r[a], r[b]): r["strength"] for r in rows}


@pytest.fixture(scope="module")
def gold():
    return {pair: read_gold(*pair) for pair in PAIRS}


@pytest.fixture(scope="module")
def found(store, plan_iris):
    """(first plan's path, second plan's path) -> strength, per gold pair, from the correspondences query."""
    out = {}
    for a, b in PAIRS:
        rows = queries.run_query("correspondences", {"plan": plan_iris[a]}, store=store).records()
        out[(a, b)] = {(r["measure"].rsplit("/measure/", 1)[1], r["otherMeasure"].rsplit("/measure/", 1)[1]): r["strength"]
                       for r in rows if r["otherPlan"] == plan_iris[b]}
    return out


def test_gold_files_name_real_measures_once(gold, records):
    for (a, b), pairs in gold.items():
        paths = {name: {m.path for m in records[name].iter_measures() if m.kind != "sub_item"} for name in (a, b)}
        for (x, y), strength in pairs.items():
            assert x in paths[a] and y in paths[b], (a, b, x, y)
            assert strength in ("strong", "partial"), (a, b, x, y, strength)
        strong = [k for k, s in pairs.items() if s == "strong"]
        for side in (0, 1):
            twice = [p for p, n in Counter(k[side] for k in strong).items() if n > 1]
            assert not twice, f"{a}-{b}: a measure with two strong partners: {twice}"


def test_sibling_correspondences_against_the_gold_alignments(gold, found):
    hits = predicted = strong = strong_found = 0
    for pair in PAIRS:
        g, p = gold[pair], found[pair]
        pair_hits = sum(1 for k in p if k in g)
        pair_strong = [k for k, s in g.items() if s == "strong"]
        pair_strong_found = sum(1 for k in pair_strong if k in p)
        print(f"\n{pair[0]} - {pair[1]}: precision {pair_hits}/{len(p)}, strong recall {pair_strong_found}/{len(pair_strong)}")
        hits, predicted = hits + pair_hits, predicted + len(p)
        strong, strong_found = strong + len(pair_strong), strong_found + pair_strong_found
    precision, recall = hits / predicted, strong_found / strong
    print(f"all three pairs: precision {precision:.3f} ({hits}/{predicted}), strong recall {recall:.3f} ({strong_found}/{strong})")
    wrong = {pair: sorted(k for k in found[pair] if k not in gold[pair]) for pair in PAIRS}
    missed = {pair: sorted(k for k, s in gold[pair].items() if s == "strong" and k not in found[pair]) for pair in PAIRS}
    assert precision >= MIN_PRECISION, wrong
    assert recall >= MIN_STRONG_RECALL, missed


def test_strong_links_are_one_to_one_and_most_found_strong_are_gold_strong(gold, found):
    for pair, p in found.items():
        strong = [k for k, s in p.items() if s == "strong"]
        for side in (0, 1):
            assert len({k[side] for k in strong}) == len(strong), (pair, side)
    agree = sum(1 for pair in PAIRS for k, s in gold[pair].items() if s == "strong" and found[pair].get(k) == "strong")
    total = sum(1 for pair in PAIRS for s in gold[pair].values() if s == "strong")
    assert agree / total >= MIN_STRONG_RECALL - 0.05, (agree, total)


def test_a_merged_measure_links_to_each_measure_it_covers(found):
    # Jiashan's 拓展就业渠道 merges Hangzhou's employment channels (its own version) and part of its
    # employment support (超比例奖励, 党政机关带头, 辅助性就业机构)
    hangzhou = {k[0]: s for k, s in found[("hangzhou", "jiashan")].items() if k[1] == "3.5-m2"}
    assert hangzhou == {"3.2-m6": "strong", "3.2-m7": "partial"}


def test_task_table_rows_take_part_with_their_targets(store, plan_iris):
    rows = queries.run_query("correspondences", {"plan": plan_iris["quzhou"]}, store=store).records()
    task_rows = [r for r in rows if "/measure/" in r["measure"] and "-t" in r["measure"].rsplit("/", 1)[1]]
    assert len({r["measure"] for r in task_rows}) >= 25, len(task_rows)
    assert {r["strength"] for r in task_rows} == {"partial"}          # no other plan has task tables
    devices = [r for r in task_rows if r["measure"].endswith("/3.3-t5r5") and r["otherPlan"] == plan_iris["jiashan"]]
    assert len(devices) == 1 and devices[0]["otherMeasure"].endswith("/3.6-m3")
    assert set(devices[0]["numbers"].split(", ")) >= {"99%", "90%"}, devices[0]


def test_reworded_counterparts_share_topics_not_wording(store, plan_iris):
    # 健全残疾人救助体系 (Hangzhou) and 完善残疾人基本生活保障制度 (Quzhou): the same social-assistance task
    measure = part_iri(plan_iris["hangzhou"], "measure", "3.4-m16")
    rows = queries.run_query("correspondences", {"measure": measure}, store=store).records()
    quzhou = [r for r in rows if r["otherPlan"] == plan_iris["quzhou"]]
    assert [(r["otherMeasure"].rsplit("/", 1)[1], r["strength"]) for r in quzhou] == [("3.1-m1", "strong")]
    assert "社会救助" in quzhou[0]["topics"].split(", ")
    text = f"""SELECT ?text ?topic WHERE {{ ?link a <https://w3id.org/plankg/ontology#Correspondence> ;
               <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject>|<http://www.w3.org/1999/02/22-rdf-syntax-ns#object> <{measure}> ;
               <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject>|<http://www.w3.org/1999/02/22-rdf-syntax-ns#object> <{quzhou[0]['otherMeasure']}> ;
               <https://w3id.org/plankg/ontology#textSimilarity> ?text ; <https://w3id.org/plankg/ontology#sharedTopic> ?topic }}"""
    found = list(store.query(text, use_default_graph_as_union=True))
    assert found and float(found[0]["text"].value) < 0.3          # little wording in common
    assert {r["topic"].value for r in found} <= set(topic_vocabulary().iris)


def test_jiashan_and_quzhou_task_rows_are_in_families_now(store, plan_iris):
    rows = queries.run_query("measure_families", store=store).records()
    regions = Counter(region for r in rows for region in r["regions"].split("、"))
    assert regions["嘉善县"] >= 25, regions            # Jiashan's measures were in no family before
    assert all(r["members"] >= 2 for r in rows)


def test_families_are_built_from_strong_links_only(store):
    text = """PREFIX pk: <https://w3id.org/plankg/ontology#>
      SELECT ?family ?a ?b WHERE {
        ?family a pk:MeasureFamily ; pk:member ?a , ?b . FILTER(STR(?a) < STR(?b))
        ?link pk:strength "partial" ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?a ;
              <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?b .
        FILTER NOT EXISTS { ?strong pk:strength "strong" ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject>|<http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?a }
      }"""
    assert not list(store.query(text, use_default_graph_as_union=True))


def test_a_family_holds_each_plans_own_version_once(store, link_report):
    # joined along every strong link, families chained: Quzhou's four employment measures, Hangzhou's three
    # and the others fused into one family (at 3,000 plans: 24,087 measures, eight of each plan)
    text = """PREFIX pk: <https://w3id.org/plankg/ontology#>
      SELECT ?family ?plan (COUNT(?m) AS ?n) WHERE { ?family pk:member ?m . ?m pk:inPlan ?plan }
      GROUP BY ?family ?plan HAVING (COUNT(?m) > 1)"""
    assert not list(store.query(text, use_default_graph_as_union=True))
    rows = queries.run_query("measure_families", {"keyword": "按比例就业"}, store=store).records()
    quota = [r for r in rows if r["heading"] == "促进残疾人按比例就业"]
    assert len(quota) == 1 and quota[0]["members"] == 5
    assert set(quota[0]["regions"].split("、")) == {"杭州市", "温州市", "乐清市", "嘉善县", "衢州市"}
    assert len(link_report.families) == 61


def test_one_method_for_parent_and_sibling_pairs(store):
    text = """PREFIX pk: <https://w3id.org/plankg/ontology#>
      SELECT DISTINCT ?class ?method WHERE { ?link a ?class ; pk:method ?method .
        VALUES ?class { pk:Alignment pk:Correspondence } }"""
    methods = {(r["class"].value.rsplit("#", 1)[1], r["method"].value) for r in store.query(text, use_default_graph_as_union=True)}
    assert methods == {("Alignment", METHOD), ("Correspondence", METHOD)}


def test_the_trace_query_lists_siblings_with_strength(store, plan_iris):
    measure = part_iri(plan_iris["jiashan"], "measure", "3.6-m3")       # 优化残疾人辅助器具适配
    rows = queries.run_query("trace", {"measure": measure}, store=store).records()
    siblings = {(r["region"], r["other"].rsplit("/", 1)[1]): r["strength"] for r in rows if r["direction"] == "sibling"}
    assert siblings[("杭州市", "3.3-m12")] == "strong" and siblings[("衢州市", "3.3-m6")] == "strong"
    assert siblings[("衢州市", "3.3-t5r5")] == "partial"
    from graph.query.trace import trace
    traced = [t for t in trace(store, measure) if t.direction == "sibling"]
    assert len(traced) == len(siblings) and all("辅助器具" in t.topics for t in traced)


def test_correspond_is_symmetric_in_its_strong_links(store, plan_iris):
    corpus = read_corpus(store)
    a, b = plan_measures(corpus, plan_iris["hangzhou"]), plan_measures(corpus, plan_iris["quzhou"])
    model = LinkModel(a + b)
    forward = {(l.a, l.b) for l in correspond(a, b, model) if l.strength == "strong"}
    backward = {(l.b, l.a) for l in correspond(b, a, model) if l.strength == "strong"}
    assert forward == backward and len(forward) >= 25


def test_a_plan_with_no_counterpart_gets_no_link(records):
    # A plan against itself with its measures' texts swapped for unrelated ones: no task in common.
    corpus_measures = [m for m in records["quzhou"].iter_measures() if m.kind == "measure"]
    from graph.link.corpus import MeasureText
    plan = [MeasureText(f"m{i}", "", m.heading, m.text, m.path, "measure") for i, m in enumerate(corpus_measures)]
    unrelated = [MeasureText(f"u{i}", "", f"第{i}条", "本办法自发布之日起施行，由本机关负责解释。" * (1 + i % 3), f"9.{i}-m1", "measure")
                 for i in range(10)]
    model = LinkModel(plan + unrelated)
    assert compare_vectors(model.vectors(plan), model.vectors(unrelated), model).links == []


def test_the_corpus_read_in_threads_is_the_corpus_read_in_one(store, plan_iris):
    one, two = read_corpus(store), read_corpus(store, threads=2)
    assert one == two and len(two.plans) == 5
    assert len(two.measures[plan_iris["wenzhou"]]) == 40 and len(two.indicators[plan_iris["wenzhou"]]) == 14
