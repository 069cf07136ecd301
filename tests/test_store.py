"""The store: a plan's named graph is replaced in one transaction, never duplicated, and persists on disk."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from conftest import PLANS_DIR
from graph.rdf.build import build_plan
from graph.rdf.export import sorted_nquads
from graph.rdf.namespace import PK, VOCABULARY_GRAPH
from graph.rdf.store import (graph_counts, load_plan, load_plans, load_vocabulary, open_store, plan_graphs, plan_stats,
                             replace_graph, triple_stats)


def graph_quads(store, graph: str) -> list[str]:
    return sorted(map(str, store.quads_for_pattern(None, None, None, ox.NamedNode(graph))))


@pytest.fixture()
def wenzhou_store(records):
    store = open_store()
    load_plans(store, [records["wenzhou"]], PLANS_DIR)
    return store


def test_loading_twice_leaves_one_copy(wenzhou_store, records):
    before = sorted_nquads(wenzhou_store)
    load = load_plan(wenzhou_store, records["wenzhou"], PLANS_DIR)
    assert sorted_nquads(wenzhou_store) == before
    assert graph_counts(wenzhou_store)[load.graph] == load.triples > 2000


def test_failure_while_producing_quads_keeps_the_previous_version(wenzhou_store, records):
    load = load_plan(wenzhou_store, records["wenzhou"], PLANS_DIR)
    before = graph_quads(wenzhou_store, load.graph)
    new_quads = build_plan(records["wenzhou"], PLANS_DIR)

    def failing():
        for n, quad in enumerate(new_quads):
            if n == len(new_quads) // 2:
                raise RuntimeError("disk full while building")
            yield quad

    with pytest.raises(RuntimeError, match="disk full"):
        replace_graph(wenzhou_store, ox.NamedNode(load.graph), failing())
    assert graph_quads(wenzhou_store, load.graph) == before


def test_terms_cannot_smuggle_update_syntax():
    # replace_graph writes terms into a SPARQL update; pyoxigraph refuses IRIs that could break out of it
    with pytest.raises(ValueError):
        ox.NamedNode("http://x/g> } } ; DROP ALL ; INSERT DATA { GRAPH <http://x/h")


def test_replacing_removes_triples_the_new_version_lacks(wenzhou_store, records):
    load = load_plan(wenzhou_store, records["wenzhou"], PLANS_DIR)
    fewer = [q for q in build_plan(records["wenzhou"], PLANS_DIR) if q.predicate.value != str(PK.text)]
    replace_graph(wenzhou_store, ox.NamedNode(load.graph), fewer)
    assert graph_counts(wenzhou_store)[load.graph] < load.triples
    assert not list(wenzhou_store.quads_for_pattern(None, ox.NamedNode(str(PK.text)), None, ox.NamedNode(load.graph)))


def test_reloading_the_vocabulary_keeps_the_regions(wenzhou_store):
    vocabulary = ox.NamedNode(VOCABULARY_GRAPH)
    region = ox.NamedNode("https://w3id.org/plankg/id/region/330300")
    assert list(wenzhou_store.quads_for_pattern(region, None, None, vocabulary))
    before = graph_quads(wenzhou_store, VOCABULARY_GRAPH)
    load_vocabulary(wenzhou_store)
    assert graph_quads(wenzhou_store, VOCABULARY_GRAPH) == before


def test_on_disk_store_persists(tmp_path, records):
    path = tmp_path / "store"
    store = open_store(path)
    load_plans(store, [records["yueqing"]], PLANS_DIR)
    store.flush()
    expected = sorted_nquads(store)
    del store
    reopened = open_store(path)
    assert sorted_nquads(reopened) == expected
    assert [p for p, _ in plan_graphs(reopened)] == ["https://w3id.org/plankg/id/plan/330382-2021-2025-disability"]


def test_session_store_has_five_plan_graphs_and_the_vocabulary(store):
    graphs = graph_counts(store)
    assert len(plan_graphs(store)) == 5
    assert VOCABULARY_GRAPH in graphs and graphs[VOCABULARY_GRAPH] > 1000
    assert "https://w3id.org/plankg/id/graph/links" in graphs   # built by the linking step, as plankg build does


def test_a_plans_counts_from_its_written_triples_equal_the_stores(records):
    # the build reports each plan's counts from the triples it has just written, not by asking the store
    store = open_store()
    loads = load_plans(store, records.values(), PLANS_DIR)
    for load in loads:
        assert triple_stats(load.written) == plan_stats(store, load.graph), load.plan
    wenzhou = next(l for l in loads if l.plan.endswith("/330300-2021-2025-disability"))
    assert triple_stats(wenzhou.written) == {"triples": 2310, "sections": 19, "measures": 40, "indicators": 14,
                                             "previous_indicators": 0, "projects": 0, "targets": 28,
                                             "institutions": 5, "documents": 5}
    assert load_plan(store, records["wenzhou"], PLANS_DIR).triples == 2310


def test_a_new_graph_and_a_replaced_one_hold_the_same_quads(wenzhou_store, records, tmp_path):
    # a first load adds the quads with Store.extend; a reload goes through DROP + INSERT DATA
    fresh = open_store(tmp_path / "store")
    load_plans(fresh, [records["wenzhou"]], PLANS_DIR)
    first = sorted_nquads(fresh)
    load_plan(fresh, records["wenzhou"], PLANS_DIR)
    assert sorted_nquads(fresh) == first == sorted_nquads(wenzhou_store)


def test_a_failed_first_load_leaves_no_trace_of_the_plan(records):
    store = open_store()
    load_vocabulary(store)
    before = sorted_nquads(store)
    graph = ox.NamedNode("https://w3id.org/plankg/id/plan/330300-2021-2025-disability/graph")

    def failing():
        quads = build_plan(records["wenzhou"], PLANS_DIR)
        yield from quads[: len(quads) // 2]
        raise RuntimeError("disk full while building")

    with pytest.raises(RuntimeError, match="disk full"):
        replace_graph(store, graph, failing())
    assert not store.contains_named_graph(graph)
    assert sorted_nquads(store) == before


# A graph above store.LARGE_GRAPH quads (the links graph of a large corpus) is written by difference:
# the lines gone deleted, the new ones added (one update, or steps and the bulk loader when the change is
# large). The limit is lowered here so that one plan's graph takes that path.
@pytest.fixture()
def small_limit(monkeypatch):
    import graph.rdf.store as store_module

    monkeypatch.setattr(store_module, "LARGE_GRAPH", 100)


NOTE = ox.NamedNode("https://example.org/note")


def _written_fresh(tmp_path, name, quads) -> list[str]:
    fresh = open_store(tmp_path / name)
    fresh.extend(quads)
    return graph_quads(fresh, quads[0].graph_name.value)


@pytest.mark.parametrize("change", ["none", "few", "many", "blank node"])
def test_a_large_graph_replaced_by_difference_holds_exactly_the_new_quads(small_limit, tmp_path, records, change):
    built = build_plan(records["wenzhou"], PLANS_DIR)
    graph = max({q.graph_name for q in built}, key=lambda g: sum(q.graph_name == g for q in built))
    quads = [q for q in built if q.graph_name == graph]    # the plan's graph (not its vocabulary additions)
    store = open_store(tmp_path / "store")
    replace_graph(store, graph, quads)                     # a new graph: the bulk loader
    assert graph_quads(store, graph.value) == sorted(map(str, quads))
    text = ox.NamedNode(str(PK.text))
    if change == "none":
        new = quads
    elif change == "few":                                  # two quads gone, one changed, one added
        texts = [q for q in quads if q.predicate == text]
        new = [q for q in quads if q not in texts[:3]]
        new += [ox.Quad(texts[2].subject, text, ox.Literal(texts[2].object.value + "（修订）"), graph),
                ox.Quad(texts[0].subject, NOTE, ox.Literal("新增\n\"两行\""), graph)]
    elif change == "many":                                 # every text gone, every heading changed
        new = [q for q in quads if q.predicate != text]
        new = [ox.Quad(q.subject, q.predicate, ox.Literal(q.object.value + "·"), graph)
               if q.predicate == ox.NamedNode(str(PK.heading)) else q for q in new]
    else:
        new = quads + [ox.Quad(quads[0].subject, NOTE, ox.BlankNode(), graph)]
    assert len(new) > 100
    replace_graph(store, graph, new)
    after = graph_quads(store, graph.value)
    if change == "blank node":
        assert len(after) == len(set(new)) and sum("_:" in q for q in after) == 1
    else:
        assert after == _written_fresh(tmp_path, "fresh", new)


def test_relinking_by_difference_gives_the_links_graph_a_fresh_link_gives(small_limit, tmp_path, records):
    from graph.link.linker import link_store
    from graph.link.terms import LINKS

    plans = [records[k] for k in ("wenzhou", "yueqing", "hangzhou")]
    store = open_store(tmp_path / "store")
    load_plans(store, plans, PLANS_DIR)
    link_store(store)
    assert len(graph_quads(store, LINKS.value)) > 100
    # the county plan's measure texts change: its links change, the rest stays
    changed = [q for q in build_plan(records["yueqing"], PLANS_DIR) if q.predicate.value != str(PK.text)]
    plan_graph = ox.NamedNode(load_plan(store, records["yueqing"], PLANS_DIR).graph)
    replace_graph(store, plan_graph, changed)
    link_store(store)
    fresh = open_store(tmp_path / "fresh")
    load_plans(fresh, plans, PLANS_DIR)
    replace_graph(fresh, plan_graph, changed)
    link_store(fresh)
    assert graph_quads(store, LINKS.value) == graph_quads(fresh, LINKS.value)
