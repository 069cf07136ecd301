"""The links graph validated in batches: the same verdict as validating it whole, in bounded memory.

Every link shape reads a node's own triples (its subject group in the links graph) and the types,
plans and regions of the nodes those triples name (``links_context``); only ``DerivationAcyclic``
follows ``pk:derivesFrom`` from node to node. So the graph is cut between subjects: one batch holds
every subject that has a ``pk:derivesFrom`` or ``pk:predecessor`` triple (the derivation graph, whole),
the others hold subjects in IRI order up to ``BATCH_TRIPLES`` triples each, each subject's triples
looked up in the store, so only the subjects and one batch are held in memory. Each batch gets its own context and is validated
like a plan (in worker processes with ``jobs`` > 1); the reports are merged into one. At 1,000 plans
the links graph has about 5.5 million triples, which rdflib cannot hold in this machine's memory
as one graph; a batch is about 100,000.
"""
from __future__ import annotations

from concurrent.futures import Executor
from typing import Iterator, Optional

import pyoxigraph as ox
import rdflib
from rdflib.namespace import SH

from graph.rdf.namespace import LINKS_GRAPH, PK
from graph.rdf.validate import LINK_SHAPES, PlanReport, links_context, validate_graph

BATCH_TRIPLES = 100_000
_DERIVATION = {str(PK.derivesFrom), str(PK.predecessor)}
_SUBJECTS = f"SELECT DISTINCT ?s WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?s ?p ?o }} }}"


def _batch_data(store: ox.Store, triples: list[ox.Triple]) -> bytes:
    """The batch's triples and their context, less the links graph's own triples about nodes of other
    batches (a link node's type there would make it a focus node here, without its other triples)."""
    links = ox.NamedNode(LINKS_GRAPH)
    subjects = {t.subject for t in triples}
    context = [t for t in links_context(store, triples)
               if t.subject in subjects or ox.Quad(t.subject, t.predicate, t.object, links) not in store]
    return ox.serialize(triples + context, format=ox.RdfFormat.N_TRIPLES)


def link_batches(store: ox.Store, size: int = BATCH_TRIPLES) -> Iterator[bytes]:
    """The links graph as N-Triples batches, each with its context; the derivation subjects first."""
    links = ox.NamedNode(LINKS_GRAPH)
    derivation_subjects = {q.subject for p in _DERIVATION
                           for q in store.quads_for_pattern(None, ox.NamedNode(p), None, links)}
    first = [q.triple for s in sorted(derivation_subjects, key=str)
             for q in store.quads_for_pattern(s, None, None, links)]
    yield _batch_data(store, first)
    # the distinct subjects from the store's index in one query: a Python set over every quad took 66 s
    # of the 250 s this step took at 1,000 plans (5.5 million quads, each decoded into Python objects)
    subjects = {row[0] for row in store.query(_SUBJECTS)} - derivation_subjects
    batch: list[ox.Triple] = []
    for subject in sorted(subjects, key=str):               # each subject's triples together, in IRI order
        if len(batch) >= size:
            yield _batch_data(store, batch)
            batch = []
        batch.extend(q.triple for q in store.quads_for_pattern(subject, None, None, links))
    if batch:
        yield _batch_data(store, batch)


def validate_link_batch(data: bytes) -> PlanReport:
    """One batch against the link shapes (runs in a worker process)."""
    return validate_graph(data, LINKS_GRAPH, LINK_SHAPES)


def validate_links_batched(store: ox.Store, jobs: int = 1, size: int = BATCH_TRIPLES,
                           pool: Optional[Executor] = None) -> PlanReport:
    from graph.rdf.validate_pool import worker_pool

    own = worker_pool(jobs) if pool is None and jobs > 1 else None
    pool = pool or own
    try:
        if pool is None:
            reports = [validate_link_batch(data) for data in link_batches(store, size)]
        else:
            futures, reports = [], []
            for data in link_batches(store, size):
                futures.append(pool.submit(validate_link_batch, data))
                if len(futures) > 2 * jobs:                  # bounds the batches held in memory
                    reports.append(futures.pop(0).result())
            reports.extend(f.result() for f in futures)
    finally:
        if own is not None:
            own.shutdown()
    return merge_reports(reports, LINKS_GRAPH)


def validate_links_in_store(store: ox.Store, threads: int = 1) -> PlanReport:
    """The link shapes compiled to SPARQL and run in the store (``graph.rdf.shacl_sparql``), their
    queries in ``threads`` threads: the reference engine's rows without decoding the links graph.
    ``Unsupported`` when a shape or the store is outside what that engine checks exactly."""
    from graph.rdf.shacl_sparql import check_store, compile_shapes, run_checks, typed_elsewhere
    from graph.rdf.validate import ReportRow, _short, rdflib_term as _rdflib, shapes_graph

    shapes = shapes_graph()
    checks = compile_shapes(shapes, LINK_SHAPES, typed_elsewhere(store, shapes, LINK_SHAPES))
    check_store(store, checks)
    violations = run_checks(store, checks, threads)
    rows = []
    report_graph = rdflib.Graph()
    report_graph.bind("sh", SH)
    report = rdflib.BNode()
    report_graph.add((report, rdflib.RDF.type, SH.ValidationReport))
    report_graph.add((report, SH.conforms, rdflib.Literal(not any(
        v.check.severity == str(SH.Violation) for v in violations))))
    for v in violations:
        check = v.check
        rows.append(ReportRow(
            plan=LINKS_GRAPH, focus=v.focus.value, shape=_short(check.constraint or check.shape),
            message=v.message, severity=_short(check.severity).rsplit("#", 1)[-1],
            path=_short(check.path) or None, value=v.value.value if v.value is not None else None, source=None))
        result = rdflib.BNode()
        report_graph.add((report, SH.result, result))
        for predicate, obj in ((rdflib.RDF.type, SH.ValidationResult), (SH.focusNode, _rdflib(v.focus)),
                               (SH.sourceShape, rdflib.URIRef(check.shape)),
                               (SH.sourceConstraintComponent, rdflib.URIRef(check.component)),
                               (SH.resultSeverity, rdflib.URIRef(check.severity)),
                               (SH.resultMessage, rdflib.Literal(v.message)),
                               (SH.resultPath, rdflib.URIRef(check.path) if check.path else None),
                               (SH.sourceConstraint, rdflib.URIRef(check.constraint) if check.constraint else None),
                               (SH.value, _rdflib(v.value) if v.value is not None else None)):
            if obj is not None:
                report_graph.add((result, predicate, obj))
    rows.sort(key=lambda r: (r.source or "", r.shape, r.focus))
    conforms = not any(r.severity == "Violation" for r in rows)
    return PlanReport(LINKS_GRAPH, conforms, rows, report_graph.serialize(format="turtle"))


def merge_reports(reports: list[PlanReport], plan: str) -> PlanReport:
    """One report for several batches: all their results under one sh:ValidationReport."""
    rows = sorted((row for r in reports for row in r.rows), key=lambda r: (r.source or "", r.shape, r.focus))
    conforms = all(r.conforms for r in reports)
    merged = rdflib.Graph()
    merged.bind("sh", SH)
    report = rdflib.BNode()
    merged.add((report, rdflib.RDF.type, SH.ValidationReport))
    merged.add((report, SH.conforms, rdflib.Literal(conforms)))
    for r in reports:
        if r.conforms and not r.rows:
            continue
        graph = rdflib.Graph().parse(data=r.turtle, format="turtle")
        for node in set(graph.subjects(rdflib.RDF.type, SH.ValidationReport)):
            for result in graph.objects(node, SH.result):
                merged.add((report, SH.result, result))
            graph.remove((node, None, None))
        for triple in graph:
            merged.add(triple)
    return PlanReport(plan, conforms, rows, merged.serialize(format="turtle"))
