"""The embedded Oxigraph store: open it, load the vocabulary, replace a plan's named graph atomically.

A plan is loaded with one SPARQL update (DROP its graph; INSERT DATA its quads), which Oxigraph
applies in one transaction: readers see the old plan or the new one, never a mix, and a failure
while the quads are being produced leaves the old version in place. A graph the store does not hold
yet (every plan of a first build) is added with ``Store.extend``, also one transaction, without the
cost of writing and parsing the update; a large first build can write its new plans several at a
time with Oxigraph's bulk loader instead (``PlanWriter``, ``PLANKG_BULK_PLANS``).
"""
from __future__ import annotations

import gc
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
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


# Above this many quads a graph (the links graph of a large corpus) is written in several steps: one
# transaction holds its whole write set in memory (several GB for millions of quads).
LARGE_GRAPH = 200_000


def replace_graph(store: ox.Store, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
    """Replace ``graph`` by the quads (quads for other graphs are added).

    The quads are read in full before the store is touched, so an exception raised while producing
    them leaves the store as it was. Up to ``LARGE_GRAPH`` quads: one transaction (``Store.extend`` for
    a graph the store does not hold yet, else one update: DROP, INSERT DATA). Above it, see
    ``_replace_large``: readers may see the graph partly written, as the store folder's build marker
    (incomplete until the build ends) says.
    """
    quads = list(quads)
    if len(quads) > LARGE_GRAPH:         # by difference, see replace_graph_data
        _replace_large(store, graph, quads)
        return
    if not store.contains_named_graph(graph):
        # a new graph (every plan of a first build): the quads as they are, no update text to parse
        store.extend(quads)
        return
    insert = _insert_data(quads)
    store.update(f"DROP SILENT GRAPH {graph} ;\n{insert}")


def _replace_large(store: ox.Store, graph: ox.NamedNode, quads: list[ox.Quad]) -> None:
    others = [q for q in quads if q.graph_name != graph]
    replace_graph_data(store, graph, ox.serialize([q.triple for q in quads if q.graph_name == graph],
                                                  format=ox.RdfFormat.N_TRIPLES))
    _bulk_add(store, others)


def replace_graph_data(store: ox.Store, graph: ox.NamedNode, data: bytes, distinct: bool = False) -> int:
    """Replace a large graph by the N-Triples ``data`` (Oxigraph's serialization); returns how many
    distinct triples it now holds. Not one transaction: see ``replace_graph``. ``distinct``: the caller
    writes each line once, so a graph the store does not hold yet is counted by its lines (a set of
    the 13.6 million lines of the links graph of 3,000 plans took 14 s only to count them).

    The graph is written by difference: Oxigraph removes a quad at about 50 µs and adds one at about
    30 µs in a transaction, 9 µs with its bulk loader (1,000,000 link quads on this machine), and
    relinking 1,000 plans rewrote 5.5 million quads in minutes though few had changed. The old graph is
    read as N-Triples by the same serializer, so an unchanged triple gives the same line; the lines gone
    are deleted first, then the new ones added: one update when the change is at most ``LARGE_GRAPH``
    triples, else deletions in steps of that size and the bulk loader for the additions. A graph with
    blank nodes (whose labels differ from one serialization to the next) is dropped and written again.
    """
    if distinct and not store.contains_named_graph(graph):
        _bulk_load(store, graph, data)
        return data.count(b"\n") + (not data.endswith(b"\n") and bool(data.strip()))
    lines = set(data.splitlines())
    lines.discard(b"")
    if not store.contains_named_graph(graph):
        _bulk_load(store, graph, data)
        return len(lines)
    old = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
    if b"_:" in data or b"_:" in old:       # maybe a blank node (or "_:" inside a literal): no diff
        store.remove_graph(graph)
        _bulk_load(store, graph, data)
        return len(lines)
    old_lines = set(old.splitlines())
    old_lines.discard(b"")
    del old
    gone, added = sorted(old_lines - lines), sorted(lines - old_lines)
    del old_lines
    if len(gone) + len(added) <= LARGE_GRAPH:
        if gone or added:
            store.update(" ;\n".join(_data_block(kind, graph, part) for kind, part in (("DELETE", gone), ("INSERT", added))
                                      if part))
        return len(lines)
    for start in range(0, len(gone), LARGE_GRAPH):
        store.update(_data_block("DELETE", graph, gone[start:start + LARGE_GRAPH]))
    _bulk_load(store, graph, b"\n".join(added))
    return len(lines)


def _data_block(kind: str, graph: ox.NamedNode, lines: list[bytes]) -> str:
    """DELETE DATA or INSERT DATA of N-Triples lines in ``graph``."""
    return f"{kind} DATA {{ GRAPH {graph} {{\n" + b"\n".join(lines).decode("utf-8") + "\n} }"


def _bulk_load(store: ox.Store, graph: ox.NamedNode, data: bytes) -> None:
    """N-Triples into ``graph`` with Oxigraph's bulk loader (not one transaction; three times faster)."""
    if data.strip():
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)


def _bulk_add(store: ox.Store, quads: list[ox.Quad]) -> None:
    if quads:
        store.bulk_extend(quads)


def remove_graph(store: ox.Store, graph: str) -> None:
    """Drop one named graph (a plan no longer built) in one transaction."""
    store.update(f"DROP SILENT GRAPH <{graph}>")


@dataclass
class PlanLoad:
    plan: str
    graph: str
    triples: int
    # the plan graph's triples as written, for its validation (``validate.plan_data``): reading them
    # back from a large store costs about 12 µs a triple, serializing these about 1 µs
    written: list[ox.Triple] = field(default_factory=list, repr=False, compare=False)


def load_plan(store: ox.Store, record, source_dir=None, vocabulary: "VocabularyIndex | None" = None) -> PlanLoad:
    """Build one plan and replace its named graph; loading it twice leaves one copy. ``vocabulary``
    (a ``VocabularyIndex``) is told of the quads written."""
    plan_iri, _ = plan_identity(record)
    graph = ox.NamedNode(f"{plan_iri}/graph")
    quads = build_plan(record, source_dir)
    replace_graph(store, graph, quads)
    if vocabulary is not None:
        vocabulary.add(quads)
    written = [q.triple for q in quads if q.graph_name == graph]
    return PlanLoad(plan_iri, graph.value, len(written), written)


# New plans written together by ``PlanWriter``: at 300 generated plans on this machine a plan took
# 55 ms to write in its own transaction and 15 ms in bulk loads of 10 (16 ms in loads of 25 or 50).
# A build of ``graph.pipeline.BULK_THRESHOLD`` files or more writes ``PLANKG_BULK_PLANS`` (100) at a time.
BULK_PLANS = 10


class VocabularyIndex:
    """The vocabulary graph's triples by subject, in memory, kept equal to the store's by the writer that
    adds to it (``PlanWriter``: each plan adds its regions there): what a build reads for each plan's
    vocabulary context (``graph.rdf.validate.plan_data``) without a lookup in the store per node.

    While a build bulk-loads, the store's many small new files make each lookup slow (about 10 ms of a
    plan's context at 3,000 plans, 50 lookups); this holds the few tens of thousands of vocabulary
    triples once."""

    def __init__(self, store: ox.Store):
        self._subjects: dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]] = {}
        self._held: set[ox.Triple] = set()
        self.add(store.quads_for_pattern(None, None, None, VOCABULARY))

    def add(self, quads: Iterable[ox.Quad]) -> None:
        """The quads just written to the store; those of the vocabulary graph are held."""
        for quad in quads:
            if quad.graph_name == VOCABULARY:
                triple = quad.triple
                if triple not in self._held:
                    self._held.add(triple)
                    self._subjects.setdefault(triple.subject, []).append(triple)

    def about(self, subject) -> list[ox.Triple]:
        """The vocabulary graph's triples with ``subject``."""
        return self._subjects.get(subject, [])


class PlanWriter:
    """Writes plans in the order given, ``batch`` new plans at a time with Oxigraph's bulk loader.

    A plan whose graph the store already holds is replaced by ``load_plan`` (one transaction: readers
    see the old plan or the new one); the plans held back are written first. New plans (a first build)
    are held until ``batch`` of them are built, then written by one ``Store.bulk_extend``, three to
    four times faster than a transaction each. The bulk loader writes its files for every index of
    the store in one RocksDB ingestion, but Oxigraph does not promise a transaction: a build killed
    meanwhile may leave part of a batch, which the store folder's build marker covers ("did not
    complete": the next build replaces every plan graph it loads). ``write`` returns the plans now in
    the store, in order; ``flush`` writes the rest. With ``batch`` 1 every plan is ``load_plan``.
    """

    def __init__(self, store: ox.Store, source_dir=None, batch: int = BULK_PLANS,
                 vocabulary: "VocabularyIndex | None" = None):
        if batch < 1:
            raise ValueError(f"batch={batch}: at least one plan per write")
        self.store, self.source_dir, self.batch = store, source_dir, batch
        self.vocabulary = vocabulary                # told of every quad written, when given
        self._held: list[tuple[PlanLoad, list[ox.Quad]]] = []
        self._graphs: set[str] = set()              # the graphs of the plans held

    def write(self, record) -> list[PlanLoad]:
        plan_iri, _ = plan_identity(record)
        graph = ox.NamedNode(f"{plan_iri}/graph")
        if self.batch == 1 or graph.value in self._graphs or self.store.contains_named_graph(graph):
            return self.flush() + [load_plan(self.store, record, self.source_dir, self.vocabulary)]
        quads = build_plan(record, self.source_dir)
        written = [q.triple for q in quads if q.graph_name == graph]
        self._held.append((PlanLoad(plan_iri, graph.value, len(written), written), quads))
        self._graphs.add(graph.value)
        return self.flush() if len(self._held) >= self.batch else []

    def flush(self) -> list[PlanLoad]:
        """Write the plans held back; returns them."""
        if not self._held:
            return []
        held, self._held = self._held, []
        self._graphs = set()
        quads = [q for _, plan_quads in held for q in plan_quads]
        self.store.bulk_extend(quads)
        if self.vocabulary is not None:
            self.vocabulary.add(quads)
        return [load for load, _ in held]


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


_STAT_NAMES = {str(PK.Section): "sections", str(PK.Measure): "measures", str(PK.Indicator): "indicators",
               str(PK.PreviousIndicator): "previous_indicators", str(PK.Project): "projects",
               str(PK.QuantitativeTarget): "targets", str(PK.Institution): "institutions",
               str(PK.ReferencedDocument): "documents"}
_TYPE = str(RDF.type)


def plan_stats(store: ox.Store, graph: str) -> dict[str, int]:
    """Triples and nodes per class of one plan graph."""
    scope = {"default_graph": [ox.NamedNode(graph)]}
    counts = {"triples": int(next(iter(store.query(internal_query("store_triple_count"), **scope)))["n"].value)}
    rows = store.query(internal_query("store_class_counts"), **scope)
    by_class = {row["c"].value: int(row["n"].value) for row in rows}
    return counts | {name: by_class.get(cls, 0) for cls, name in _STAT_NAMES.items()}


def triple_stats(triples: list[ox.Triple]) -> dict[str, int]:
    """``plan_stats`` of a graph that holds exactly ``triples`` (each once), without asking the store:
    what a build reports for a plan it has just written."""
    typings = {(t.subject, t.object.value) for t in triples if t.predicate.value == _TYPE}
    by_class = Counter(cls for _, cls in typings)
    return {"triples": len(triples)} | {name: by_class.get(cls, 0) for cls, name in _STAT_NAMES.items()}
