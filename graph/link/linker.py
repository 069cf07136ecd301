"""Link the plans of a store: derivation, measure-level implements, measure families, indicator cascade.

    >>> import loaders
    >>> from graph.rdf import load_plans, open_store
    >>> from graph.link.linker import link_store
    >>> store = open_store()
    >>> loads = load_plans(store, [loaders.parse("data/plans/330382-yueqing-2021-2025.txt"),
    ...                            loaders.parse("data/plans/330300-wenzhou-2021-2025.txt")])
    >>> report = link_store(store)          # replaces the links graph (see graph.rdf.store.replace_graph)
    >>> report.counts()["implements"]
    41

Everything goes into one named graph, https://w3id.org/plankg/id/graph/links, rebuilt from the plan
and vocabulary graphs on every run (never read back), so linking twice gives the same quads. Each
stated or inferred link is a plain triple (``pk:derivesFrom``, ``pk:implements``,
``pk:inferredSource``, ``pk:predecessor``) that queries can walk with property paths, plus a reified
pk:Link node (``graph.link.terms``) carrying its score, method, ``pk:inferred`` flag and evidence.
A derivation cycle is refused before anything is written (``graph.link.analysis.DerivationCycleError``).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import pyoxigraph as ox

from graph.link.analysis import check_acyclic
from graph.link.cascade import Finding, cascade, write_findings
from graph.link.corpus import Corpus, read_corpus
from graph.link.derivation import Derivation, derive
from graph.link.families import Family, find_families, plan_pairs, write_families
from graph.link.implementation import Comparer, PlanPair, compare_all
from graph.link.terms import LINKS, Quads, link_iri, node
from graph.rdf.namespace import PK, PROV
from graph.rdf import store as rdf_store


@dataclass
class LinkReport:
    derivation: Derivation
    comparisons: list[PlanPair]
    families: list[Family]
    findings: list[Finding]
    implements: int
    quads: int
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    correspondences: int = 0

    @property
    def plan_pairs(self) -> list[tuple[str, str, str]]:
        return [(p.child, p.parent, p.relation) for p in self.comparisons]

    @property
    def measure_pairs(self) -> int:
        return sum(p.measure_pairs for p in self.comparisons)

    def counts(self) -> dict[str, int]:
        edges = self.derivation.edges
        return {
            "derivesFrom": sum(1 for e in edges if not e.inferred),
            "inferred derivesFrom": sum(1 for e in edges if e.inferred),
            "predecessor": len(self.derivation.predecessors),
            "implements": self.implements,
            "correspondences": self.correspondences,
            "correspondences implied by implements": sum(p.implied for p in self.comparisons),
            "families": len(self.families),
            "inferred family sources": sum(len(f.sources) for f in self.families),
            "cascade findings": len(self.findings),
            "plan pairs compared": len(self.comparisons),
            "measure pairs scored": self.measure_pairs,
            "quads": self.quads,
        }


def link_data(corpus: Corpus, jobs: int = 1) -> tuple[list[bytes], LinkReport]:
    """The links graph of a corpus as N-Triples, in parts, each triple once, and what was found;
    ``jobs``: processes comparing plans. ``report.quads`` is left 0 (see ``link_store``).

    Each triple once: a link node's triples are written by the one comparison that found it (its
    evidence lists each passage once), a pair of measures belongs to one plan pair, and the
    derivation, family and finding triples made here are made distinct (``Quads.data(distinct=True)``)."""
    timings, started = {}, time.perf_counter()
    derivation = derive(corpus)
    check_acyclic(derivation)
    timings["derivation"] = time.perf_counter() - started
    quads = Quads()
    write_derivation(quads, derivation)
    mark = time.perf_counter()
    comparer = Comparer(corpus)
    timings["model"] = time.perf_counter() - mark
    mark = time.perf_counter()
    comparisons, data = compare_all(corpus, comparer, plan_pairs(corpus, derivation), jobs)
    implements = sum(len(p.links) for p in comparisons if p.relation == "parent")
    correspondences = sum(len(p.links) for p in comparisons if p.relation != "parent")
    timings["compare"] = time.perf_counter() - mark
    mark = time.perf_counter()
    families = find_families(corpus, derivation, comparisons)
    write_families(quads, families)
    timings["families"] = time.perf_counter() - mark
    mark = time.perf_counter()
    findings = cascade(corpus, derivation)
    write_findings(quads, findings, corpus)
    timings["cascade"] = time.perf_counter() - mark
    data.insert(0, quads.data(distinct=True))
    return data, LinkReport(derivation, comparisons, families, findings, implements, 0,
                            time.perf_counter() - started, timings, correspondences)


def link_quads(corpus: Corpus, jobs: int = 1) -> tuple[list[ox.Quad], LinkReport]:
    """The quads of the links graph for a corpus, each once, and what was found."""
    data, report = link_data(corpus, jobs)
    quads = list(dict.fromkeys(ox.Quad(t.subject, t.predicate, t.object, LINKS)
                               for t in ox.parse(b"".join(data), format=ox.RdfFormat.N_TRIPLES)))
    report.quads = len(quads)
    return quads, report


def link_store(store: ox.Store, jobs: int = 1) -> LinkReport:
    """Rebuild the links graph of ``store`` from its plan graphs, comparing plans in ``jobs`` processes:
    one transaction up to ``graph.rdf.store.LARGE_GRAPH`` triples, else by difference with the graph the store holds
    (``graph.rdf.store.replace_graph_data``), and then the store compacted (``Store.optimize``)."""
    started = time.perf_counter()
    corpus = read_corpus(store, threads=jobs)
    read = time.perf_counter() - started
    data, report = link_data(corpus, jobs)
    mark = time.perf_counter()
    data = b"".join(data)
    large = data.count(b"\n") > rdf_store.LARGE_GRAPH
    if large:
        report.quads = rdf_store.replace_graph_data(store, LINKS, data, distinct=True)
    else:
        quads = [ox.Quad(t.subject, t.predicate, t.object, LINKS) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
        rdf_store.replace_graph(store, LINKS, quads)
        report.quads = len(set(quads))
    report.timings = {"read": read, **report.timings, "write": time.perf_counter() - mark}
    if large:
        # RocksDB compaction now: the bulk loader's many small files merged at once rather than in the
        # background while the build validates and describes the links (3,000 plans: 49 s, and
        # validating the links 170 -> 39 s, describing 82 -> 51 s)
        mark = time.perf_counter()
        store.optimize()
        report.timings["optimize"] = time.perf_counter() - mark
    report.seconds = time.perf_counter() - started
    return report


def write_derivation(quads: Quads, derivation: Derivation) -> None:
    for e in derivation.edges:
        iri = quads.link(link_iri("derivation", e.child, e.parent), PK.Derivation, e.child, PK.derivesFrom,
                         e.parent, e.score, e.method, e.inferred)
        if e.evidence:
            quads.add(iri, PROV.wasDerivedFrom, node(e.evidence))
    for e in derivation.predecessors:
        quads.link(link_iri("predecessor", e.child, e.parent), PK.Derivation, e.child, PK.predecessor,
                   e.parent, e.score, e.method, e.inferred)
    for doc, plan in sorted(derivation.resolved.items()):
        quads.add(doc, PK.resolvedPlan, node(plan))
