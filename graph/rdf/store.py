"""The embedded Oxigraph store: open it, load the vocabulary, replace a plan's named graph atomically.

A plan is loaded with one SPARQL update (DROP its graph; INSERT DATA its quads), which Oxigraph
applies in one transaction: readers see the old plan or the new one, never a mix, and a failure
while the quads are being produced leaves the old version in place. A graph the store does not hold
yet (every plan of a first build) is added with ``Store.extend``, also one transaction, without the
cost of writing and parsing the update.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from graph.rdf.build import build_plan, plan_identity, vocabulary_quads
from graph.rdf.namespace import PK, RDF, VOCABULARY_GRAPH
from graph.rdf.sparql import internal_query

DEFAULT_STORE_PATH = Path(".plankg/store")
VOCABULARY = ox.NamedNode(VOCABULARY_GRAPH)


def open_store(path=None) -> ox.Store:
    """The store at ``path`` (created if missing); ``None`` gives a fresh in-memory store."""
    if path is None:
        return ox.Store()
    from graph.rdf.folder import open_or_create

    return open_or_create(path)


@contextmanager
def opened_store(path=None) -> Iterator[ox.Store]:
    """``open_store`` for one command: the on-disk lock is released on exit, so the store can be reopened.

    Query result iterators can keep the store alive in reference cycles; collecting them frees the lock.
    """
    store = open_store(path)
    try:
        yield store
        store.flush()
    finally:
        del store
        gc.collect()


def _insert_data(quads: Iterable[ox.Quad]) -> str:
    """INSERT DATA for quads, grouped by graph; consumes the iterable completely before returning."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
    blocks = [f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in sorted(by_graph.items())]
    return "INSERT DATA {\n" + "\n".join(blocks) + "\n}"


# Above this many quads a graph (the links graph of a large corpus) is written in several transactions
# of this size: one transaction holds its whole write set in memory (several GB for millions of quads).
LARGE_GRAPH = 200_000


def replace_graph(store: ox.Store, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
    """Replace ``graph`` by the quads in one transaction (quads for other graphs are added).

    The quads are read in full before the store is touched, so an exception raised while producing
    them leaves the store as it was. A graph the store does not hold yet is added with
    ``Store.extend``; a graph held is replaced by one update (DROP, INSERT DATA). A graph of more than
    ``LARGE_GRAPH`` quads is dropped, then written in transactions of that size: readers may see it
    partly written, as the store folder's build marker (incomplete until the build ends) says.
    """
    quads = list(quads)
    if len(quads) > LARGE_GRAPH:
        if store.contains_named_graph(graph):
            store.remove_graph(graph)
        for start in range(0, len(quads), LARGE_GRAPH):
            store.extend(quads[start:start + LARGE_GRAPH])
        return
    if not store.contains_named_graph(graph):
        # a new graph (every plan of a first build): the quads as they are, no update text to parse
        store.extend(quads)
        return
    insert = _insert_data(quads)
    store.update(f"DROP SILENT GRAPH {graph} ;\n{insert}")


def remove_graph(store: ox.Store, graph: str) -> None:
    """Drop one named graph (a plan no longer built) in one transaction."""
    store.update(f"DROP SILENT GRAPH <{graph}>")


@dataclass
class PlanLoad:
    plan: str
    graph: str
    triples: int


def load_plan(store: ox.Store, record, source_dir=None) -> PlanLoad:
    """Build one plan and replace its named graph; loading it twice leaves one copy."""
    plan_iri, _ = plan_identity(record)
    graph = ox.NamedNode(f"{plan_iri}/graph")
    quads = build_plan(record, source_dir)
    replace_graph(store, graph, quads)
    return PlanLoad(plan_iri, graph.value, sum(1 for q in quads if q.graph_name == graph))


def load_vocabulary(store: ox.Store) -> int:
    """Replace the ontology and schemes in the vocabulary graph, keeping the regions plans added."""
    quads = list(vocabulary_quads())
    insert = _insert_data(quads)
    store.update(
        f"DELETE {{ GRAPH {VOCABULARY} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {VOCABULARY} {{ ?s ?p ?o "
        f"FILTER NOT EXISTS {{ ?s <{RDF.type}> <{PK.Region}> }} }} }} ;\n{insert}")
    return len(quads)


def load_plans(store: ox.Store, records: Iterable, source_dir=None) -> list[PlanLoad]:
    load_vocabulary(store)
    return [load_plan(store, record, source_dir) for record in records]


def plan_graphs(store: ox.Store) -> list[tuple[str, str]]:
    """``(plan IRI, graph IRI)`` of every plan in the store, sorted."""
    rows = store.query(internal_query("store_plan_graphs"))
    return [(row["plan"].value, row["g"].value) for row in rows]


def graph_counts(store: ox.Store) -> dict[str, int]:
    rows = store.query(internal_query("store_graph_counts"))
    return {row["g"].value: int(row["n"].value) for row in rows}


def plan_stats(store: ox.Store, graph: str) -> dict[str, int]:
    """Triples and nodes per class of one plan graph."""
    scope = {"default_graph": [ox.NamedNode(graph)]}
    counts = {"triples": int(next(iter(store.query(internal_query("store_triple_count"), **scope)))["n"].value)}
    rows = store.query(internal_query("store_class_counts"), **scope)
    by_class = {row["c"].value: int(row["n"].value) for row in rows}
    names = {PK.Section: "sections", PK.Measure: "measures", PK.Indicator: "indicators",
             PK.PreviousIndicator: "previous_indicators", PK.Project: "projects",
             PK.QuantitativeTarget: "targets", PK.Institution: "institutions",
             PK.ReferencedDocument: "documents"}
    for cls, name in names.items():
        counts[name] = by_class.get(str(cls), 0)
    return counts
