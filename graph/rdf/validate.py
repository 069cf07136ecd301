"""SHACL validation per plan graph (ontology/shapes.ttl), with the vocabulary nodes the plan links to.

Cost grows with one plan, not with the corpus: the data graph is the plan's named graph plus the
vocabulary triples of the nodes it points at (regions and the regions above them, concepts).
No inference: sh:class relies on the explicit types graph.rdf.build writes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox
import rdflib
from pyshacl import validate as shacl_validate
from rdflib.namespace import SH

from graph.config import SHAPES_FILE
from graph.rdf.namespace import LINKS_GRAPH, PK, RDF
from graph.rdf.sparql import internal_query
from graph.rdf.store import VOCABULARY, plan_graphs

SHP = rdflib.Namespace("https://w3id.org/plankg/shapes#")
# The shapes the links graph is checked against; the plan shapes need spans and texts it does not copy.
LINK_SHAPES = tuple(SHP[name] for name in (
    "LinkShape", "AlignmentShape", "CorrespondenceShape", "ImplementsShape", "DerivationShape", "MeasureFamilyShape",
    "CascadeFindingShape"))


@lru_cache(maxsize=1)
def shapes_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(SHAPES_FILE, format="turtle")


@lru_cache(maxsize=1)
def shapes_store() -> ox.Store:
    """The shapes in an in-memory Oxigraph store, for pyshacl-turbo (which reads such a store natively)."""
    store = ox.Store()
    store.load(path=str(SHAPES_FILE), format=ox.RdfFormat.TURTLE)
    return store


def _turbo_data(data):
    """A data graph (N-Triples bytes or an rdflib graph) as pyshacl-turbo reads it: the bytes handed over
    as they are (what it reads from an in-memory Oxigraph store is that store's N-Quads dump, and
    N-Triples are N-Quads of the default graph), an rdflib graph through such a store.

    Building the store and dumping it again was 15 of a plan's 40 ms. ``Input`` with the
    ``oxigraph-nquads`` format is what pyshacl-turbo (pinned) makes of a store itself; the engine tests
    hold this path to pySHACL's verdict on every shape case and the real plans."""
    if not isinstance(data, bytes):
        return _data_store(data)
    from pyshacl_turbo.rdf import Input

    return Input(data.decode("utf-8"), "oxigraph-nquads", None, {}, preserve_ids=True)


def _data_store(data) -> ox.Store:
    """A data graph (N-Triples bytes or an rdflib graph) as an in-memory Oxigraph store."""
    if isinstance(data, rdflib.Graph):
        data = data.serialize(format="nt", encoding="utf-8")
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.N_TRIPLES)
    return store


@dataclass
class ReportRow:
    plan: str
    focus: str
    shape: str
    message: str
    severity: str
    path: str | None = None
    value: str | None = None
    source: str | None = None          # file:line of the focus node (or of the node that holds it)

    def __str__(self) -> str:
        where = f" [{self.source}]" if self.source else ""
        return f"{self.severity}: {self.shape} on {self.focus}{where}: {self.message}"


@dataclass
class PlanReport:
    plan: str
    conforms: bool
    rows: list[ReportRow] = field(default_factory=list)
    turtle: str = ""

    @property
    def violations(self) -> list[ReportRow]:
        return [r for r in self.rows if r.severity == "Violation"]


def plan_data(store: ox.Store, graph: str, written=None, vocabulary=None) -> bytes:
    """N-Triples of the plan's named graph plus its vocabulary context: what pySHACL validates.

    ``written``: the graph's triples as just written to the store (``PlanLoad.written``), serialized
    instead of read back (the same lines: Oxigraph's one N-Triples serializer, and the builder writes
    canonical literals, as a test checks on every plan); their vocabulary context is read from
    ``vocabulary`` (a ``graph.rdf.store.VocabularyIndex`` kept by the writer) when given, else from
    the store's indexes."""
    g = ox.NamedNode(graph)
    if written:
        data = ox.serialize(written, format=ox.RdfFormat.N_TRIPLES)
        # the context of the nodes the plan points at, from the triples in hand: the graph is not read
        # back (17 ms a plan at 1,000 plans, 28 ms at 3,000), nor a property-path query run
        # (8.4 ms a plan at 3,000 with the query, 6.5 ms without); the plan's own nodes (IRIs under the
        # plan's, most of those it points at) are not looked up: the vocabulary graph holds none of them
        own = graph.removesuffix("graph")
        nodes = {o for o in {t.object for t in written} if not (isinstance(o, ox.NamedNode) and o.value.startswith(own))}
        about = vocabulary.about if vocabulary is not None else (
            lambda subject: [q.triple for q in store.quads_for_pattern(subject, None, None, VOCABULARY)])
        context = ox.serialize(_vocabulary_context(about, nodes), format=ox.RdfFormat.N_TRIPLES)
    else:
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g)
        context = store.query(internal_query("validate_plan_context"),
                              substitutions={ox.Variable("g"): g, ox.Variable("vocabulary"): VOCABULARY})
        context = context.serialize(format=ox.RdfFormat.N_TRIPLES)
    # the context in one order whichever way it was read, so that the data (and its cache key) are the same
    lines = sorted(set(context.splitlines()) - {b""})
    return data + b"".join(line + b"\n" for line in lines)


_STEPS = (ox.NamedNode(str(PK.partOf)), ox.NamedNode(str(PK.adminLevel)))


def _vocabulary_context(about, nodes) -> list[ox.Triple]:
    """What the ``validate_plan_context`` query constructs for the IRIs among ``nodes``, read by
    ``about`` (a subject's vocabulary-graph triples): the triples about each and each node it reaches by pk:partOf
    or pk:adminLevel (``?o (pk:partOf|pk:adminLevel)* ?x . ?x ?p ?v``); a node with no triple there adds
    nothing, and most a plan points at are its own."""
    stack = [n for n in nodes if isinstance(n, ox.NamedNode)]
    seen, out = set(), []
    while stack:
        here = stack.pop()
        if here in seen:
            continue
        seen.add(here)
        for triple in about(here):
            out.append(triple)
            if triple.predicate in _STEPS and isinstance(triple.object, (ox.NamedNode, ox.BlankNode)):
                stack.append(triple.object)
    return out


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def rdflib_term(t: ox.Term):
    """An Oxigraph term as the rdflib term of the same RDF term (a plain literal without a datatype)."""
    if isinstance(t, ox.NamedNode):
        return rdflib.URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return rdflib.BNode(t.value)
    if t.language:
        return rdflib.Literal(t.value, lang=t.language)
    if t.datatype.value == _XSD_STRING:
        return rdflib.Literal(t.value)
    return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))


def nt_graph(data: bytes) -> rdflib.Graph:
    """N-Triples as an rdflib graph (what the SHACL engines take), read by Oxigraph's parser.

    The same graph as ``rdflib.Graph().parse(format="nt")`` (a test checks this on every plan), in
    about half the time: rdflib's own N-Triples parser is most of a plan's validation time. Each term
    is made once."""
    graph = rdflib.Graph()
    terms: dict = {}

    def term(t):
        made = terms.get(t)
        if made is None:
            made = terms[t] = rdflib_term(t)
        return made

    add = graph.add
    for triple in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
        add((term(triple.subject), term(triple.predicate), term(triple.object)))
    return graph


def plan_data_graph(store: ox.Store, graph: str) -> rdflib.Graph:
    """The plan's named graph plus its vocabulary context, as an rdflib graph for pySHACL."""
    return nt_graph(plan_data(store, graph))


def _short(term) -> str:
    if term is None:
        return ""
    text = str(term)
    for prefix, ns in (("shp:", "https://w3id.org/plankg/shapes#"), ("pk:", str(PK._NS))):
        if text.startswith(ns):
            return prefix + text[len(ns):]
    return text


def _source(data: rdflib.Graph, focus) -> str | None:
    """file:line of the span of the focus node, or of the node that points at it (a value's row)."""
    candidates = [focus] + [s for s in data.subjects(None, focus)]
    for node in candidates:
        span = data.value(node, PK.sourceSpan)
        if span is not None:
            file, line = data.value(span, PK.sourceFile), data.value(span, PK.startLine)
            if file is not None:
                return f"{file}:{line}" if line is not None else str(file)
    return None


def _rule(results: rdflib.Graph, result) -> str:
    """The named rule a result comes from: the SPARQL constraint, else the property or node shape."""
    constraint = results.value(result, SH.sourceConstraint)
    if isinstance(constraint, rdflib.URIRef):
        return _short(constraint)
    return _short(results.value(result, SH.sourceShape))


def _with_property_shapes(node_shapes) -> list[str]:
    """Node shapes and the property shapes they use: pySHACL checks only the shapes it is given."""
    shapes = shapes_graph()
    out = []
    for shape in node_shapes:
        out.append(str(shape))
        out.extend(sorted(str(p) for p in shapes.objects(shape, SH.property)))
    return out


@lru_cache(maxsize=1)
def compiled_shapes():
    """The shapes compiled once for pyshacl-turbo (per process: forked workers inherit them).

    ``pyshacl_turbo.validate`` compiles its shapes graph again on every call (it reads the shapes
    store back into an rdflib graph twice): a plan took 0.1 s, 0.044 s with the shapes compiled once,
    of which the Rust validation is 0.038 s. Its ``CompiledShapes`` are immutable and made to be reused."""
    from pyshacl_turbo import compile_shapes

    return compile_shapes(shapes_store(), advanced=False)


def _turbo_validate(data_graph, *, shacl_graph=None, inference="none", advanced=False, allow_warnings=False,
                    use_shapes=None):
    """``pyshacl_turbo.validate`` with the shapes compiled once: the same steps it takes for an
    in-memory Oxigraph store without inference (its data snapshot, then ``CompiledShapes.validate`` with
    its report normalisation), and a validation failure returned as it returns one."""
    from pyshacl_turbo import ValidationFailure

    if shacl_graph is not shapes_store() or inference not in (None, "none") or advanced:
        raise ValueError("the compiled shapes are the shapes file's, without inference or advanced features")
    try:
        return compiled_shapes().validate(data_graph, allow_warnings=allow_warnings, use_shapes=use_shapes,
                                          _normalize_report_literals=True)
    except ValidationFailure as failure:
        failure.message = str(failure)
        return False, failure, f"Validation Failure - {failure}"


def _engine(name: str | None):
    """The validate function of a SHACL engine: pySHACL (the reference) or pyshacl-turbo (same API, in Rust)."""
    from graph.config import settings

    name = name or settings().shacl_engine
    if name == "pyshacl":
        return shacl_validate
    if name == "turbo":
        return _turbo_validate
    raise ValueError(f"PLANKG_SHACL_ENGINE={name!r}: not a SHACL engine (turbo or pyshacl)")


def validate_graph(data, plan: str = "", use_shapes=None, engine: str | None = None) -> PlanReport:
    """Validate one data graph against the shapes (or only ``use_shapes``); readable rows plus the Turtle report.

    ``data``: an rdflib graph, or N-Triples bytes. ``engine``: ``"turbo"`` or ``"pyshacl"``; by default
    the ``shacl_engine`` setting (PLANKG_SHACL_ENGINE). pyshacl-turbo gets the shapes as an in-memory
    Oxigraph store and the data as the N-Quads it reads from such a store (``_turbo_data``), both
    read natively (rdflib's reading was most of a plan's validation time); pySHACL gets rdflib graphs.
    The engine tests hold both to the same verdict.
    """
    from graph.config import settings

    name = engine or settings().shacl_engine
    validate = _engine(name)
    if name == "turbo":
        given, shapes = _turbo_data(data), shapes_store()
    else:
        given, shapes = (nt_graph(data) if isinstance(data, bytes) else data), shapes_graph()
    conforms, results, _ = validate(
        given, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True,
        use_shapes=_with_property_shapes(use_shapes) if use_shapes else None)
    if isinstance(data, bytes) and next(results.subjects(rdflib.RDF.type, SH.ValidationResult), None) is not None:
        data = nt_graph(data)                               # a result: its source line needs the graph
    rows = []
    for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        rows.append(ReportRow(
            plan=plan,
            focus=str(focus),
            shape=_rule(results, result),
            message=str(results.value(result, SH.resultMessage) or ""),
            severity=_short(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            path=_short(results.value(result, SH.resultPath)) or None,
            value=str(results.value(result, SH.value)) if results.value(result, SH.value) is not None else None,
            source=_source(data, focus),
        ))
    rows.sort(key=lambda r: (r.source or "", r.shape, r.focus))
    results.bind("sh", SH)
    return PlanReport(plan, bool(conforms), rows, results.serialize(format="turtle"))


def validate_plan(store: ox.Store, graph: str, plan: str | None = None) -> PlanReport:
    return validate_graph(plan_data(store, graph), plan or graph.removesuffix("/graph"))


def validate_store(store: ox.Store) -> list[PlanReport]:
    """One report per plan graph in the store."""
    return [validate_plan(store, graph, plan) for plan, graph in plan_graphs(store)]


def links_context(store: ox.Store, triples=None) -> list[ox.Triple]:
    """The types, plans, regions (of a node or its plan; covered by documents) and region chains of the
    nodes the links graph names (or ``triples`` of it name): what the link shapes read besides it.

    Looked up node by node in the store's indexes (each plan's and region's chain once): a SPARQL
    CONSTRUCT of the same triples joins every union branch with the whole store, 5 minutes at 100 plans.
    """
    links = ox.NamedNode(LINKS_GRAPH)
    nodes = set()
    for quad in (store.quads_for_pattern(None, None, None, links) if triples is None else triples):
        nodes.add(quad.subject)
        nodes.add(quad.object)
    nodes = {n for n in nodes if isinstance(n, ox.NamedNode)}
    rdf_type, in_plan, region = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(PK.inPlan)), ox.NamedNode(str(PK.region))
    covers, part_of = ox.NamedNode(str(PK.coversRegion)), ox.NamedNode(str(PK.partOf))
    out: set[ox.Triple] = set()
    chained: set = set()
    looked_up: set = set()

    def objects(subject, predicate):
        return {q.object for q in store.quads_for_pattern(subject, predicate, None)}

    def chain(start):
        stack = [start]
        while stack:
            here = stack.pop()
            if here in chained:
                continue
            chained.add(here)
            for up in objects(here, part_of):
                out.add(ox.Triple(here, part_of, up))
                stack.append(up)

    def regions_of(subject):
        if subject in looked_up:
            return
        looked_up.add(subject)
        for o in objects(subject, region):
            out.add(ox.Triple(subject, region, o))
            chain(o)
        for o in objects(subject, covers):
            chain(o)

    for n in sorted(nodes, key=lambda x: x.value):
        for o in objects(n, rdf_type):
            out.add(ox.Triple(n, rdf_type, o))
        plans = objects(n, in_plan)
        for o in plans:
            out.add(ox.Triple(n, in_plan, o))
        for o in objects(n, covers):
            out.add(ox.Triple(n, covers, o))
        for subject in [n, *plans]:
            regions_of(subject)
    return sorted(out, key=str)


def links_data_graph(store: ox.Store) -> rdflib.Graph:
    """The links graph plus the types, plans, regions (of plans; covered by documents) and region chains of the nodes it links."""
    links = ox.NamedNode(LINKS_GRAPH)
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=links)
    data += ox.serialize(links_context(store), format=ox.RdfFormat.N_TRIPLES)
    return nt_graph(data)


def validate_links(store: ox.Store, jobs: int = 1, method: str | None = None) -> PlanReport:
    """The links graph against the link shapes (score and method, regions, no derivation cycle).

    ``method`` (by default the ``links_validation`` setting, PLANKG_LINKS_VALIDATION): ``store``, the
    link shapes compiled to SPARQL and run in the store (``graph.rdf.shacl_sparql``; where it cannot
    check a shape or the store exactly, the SHACL engine in batches instead; its queries in ``jobs``
    threads), or ``shacl``, the SHACL engine in batches (``graph.rdf.link_validation``), in ``jobs``
    worker processes when there are several."""
    from graph.config import settings
    from graph.rdf.link_validation import validate_links_batched, validate_links_in_store
    from graph.rdf.shacl_sparql import Unsupported

    method = method or settings().links_validation
    if method not in ("store", "shacl"):
        raise ValueError(f"PLANKG_LINKS_VALIDATION={method!r}: not a links validation (store or shacl)")
    if method == "store":
        try:
            return validate_links_in_store(store, jobs)
        except Unsupported:
            pass                    # a shape or triple the compiled checks would not read as the engine does
    return validate_links_batched(store, jobs)
