"""Sibling correspondences the parent plan already explains are written without their evidence
(graph.link.implementation).

On a synthetic corpus made from the five plans (bench/generate.py: a province, its prefectures and
their counties, whose plans copy, reword, change or skip their parent plan's measures), two sibling
plans both implement many measures of their common parent plan. A strong correspondence between two
such implementations follows from the two implements links, whose alignments carry the evidence
(signal scores, shared topics and numbers) against the parent measure: it is written as a
pk:Correspondence with its ends, score, method, strength and relation only.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from graph.link.corpus import read_corpus
from graph.pipeline import build_corpus
from graph.query import execute as queries
from graph.rdf import open_store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import generate  # noqa: E402

PK = "https://w3id.org/plankg/ontology#"


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("implied") / "n12"
    generate.generate(12, out, seed=7, templates=generate.load_templates())
    return out


@pytest.fixture(scope="module")
def built(corpus_dir):
    store = open_store()
    result = build_corpus(corpus_dir, store, describe=False)
    assert result.ok, (result.failures, [r.violations for r in result.reports if r.violations][:1])
    return store, result


ALIGNMENT = (f"SELECT ?c ?p WHERE {{ GRAPH ?g {{ ?x a <{PK}Alignment> ; <{PK}strength> 'strong' ; "
             f"<http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?c ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?p }} }}")


def sibling_links(store, result):
    """(a, b, strength, the parent measure both strongly implement or None) of every link the
    non-parent comparisons found, the measures as IRIs, the implements links read from the store."""
    corpus = read_corpus(store)
    implemented = {r["c"].value: r["p"].value for r in store.query(ALIGNMENT)}
    for pair in result.links.comparisons:
        if pair.relation == "parent":
            continue
        for link in pair.links:
            a, b = corpus.measure_iri(pair.child, link.a), corpus.measure_iri(pair.parent, link.b)
            shared = implemented.get(a) if implemented.get(a) == implemented.get(b) else None
            yield pair, a, b, link.strength, shared


EVIDENCE = ("textSimilarity", "topicSimilarity", "headingSimilarity", "sectionSimilarity", "sharedTopic",
            "sharedNumber", "changedNumber")


def correspondence_properties(store) -> dict[frozenset, set[str]]:
    """The properties of each pk:Correspondence node, by its two measures."""
    rows = store.query(f"SELECT ?a ?b ?p WHERE {{ GRAPH ?g {{ ?c a <{PK}Correspondence> ; "
                       f"<{PK}correspondent> ?a , ?b ; ?p ?o FILTER(STR(?a) < STR(?b)) }} }}")
    out: dict[frozenset, set[str]] = {}
    for r in rows:
        out.setdefault(frozenset((r["a"].value, r["b"].value)), set()).add(r["p"].value.rsplit("#", 1)[-1])
    return out


def test_strong_siblings_both_implementing_one_parent_measure_are_written_without_evidence(built):
    store, result = built
    counts = result.links.counts()
    implied_count = counts["correspondences implied by implements"]
    # the generated siblings follow their parent plan: most of their strong links are implied
    assert counts["correspondences"] > implied_count > counts["correspondences"] / 2
    properties = correspondence_properties(store)
    assert len(properties) == counts["correspondences"]
    implied = set()
    for pair, a, b, strength, shared in sibling_links(store, result):
        held = properties[frozenset((a, b))]
        assert {"score", "method", "strength", "planRelation", "subject", "object", "inferred"} <= held, (a, b)
        if pair.relation == "sibling" and strength == "strong" and shared is not None:
            implied.add(frozenset((a, b)))
            assert not held & set(EVIDENCE), (a, b, held)
        else:
            assert {"textSimilarity", "topicSimilarity", "headingSimilarity", "sectionSimilarity"} <= held, (a, b)
    assert len(implied) == implied_count == sum(p.implied for p in result.links.comparisons)
    # the implements alignments they follow from carry the evidence against the parent measure
    evidence = {r["c"].value for r in store.query(
        f"SELECT ?c WHERE {{ GRAPH ?g {{ ?x a <{PK}Alignment> ; <{PK}strength> 'strong' ; <{PK}topicSimilarity> ?t ; "
        f"<http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?c }} }}")}
    assert {m for pair in implied for m in pair} <= evidence


def test_an_implied_correspondence_is_listed_and_traced_as_a_sibling(built):
    store, result = built
    a, b = next((a, b) for pair, a, b, strength, shared in sibling_links(store, result)
                if pair.relation == "sibling" and strength == "strong" and shared is not None)
    listed = {r["otherMeasure"]: r for r in queries.run_query("correspondences", {"measure": a}, store=store).records()}
    assert (listed[b]["strength"], listed[b]["relation"], listed[b]["topics"]) == ("strong", "sibling", "")
    traced = {r["other"]: r for r in queries.run_query("trace", {"measure": a}, store=store).records()}
    assert (traced[b]["direction"], traced[b]["strength"]) == ("sibling", "strong")


def test_worker_processes_write_the_same_links(built, corpus_dir, monkeypatch):
    # both stages (the parent pairs, then the others) in forked workers give what one process gives
    import graph.link.implementation as implementation

    store, result = built
    monkeypatch.setattr(implementation, "PARALLEL_MEASURE_PAIRS", 0)
    again = open_store()
    other = build_corpus(corpus_dir, again, validate=False, describe=False, jobs=2)
    assert other.links.counts() == result.links.counts()
    assert correspondence_properties(again) == correspondence_properties(store)
