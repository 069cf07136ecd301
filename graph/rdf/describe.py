"""The dataset description: VoID and DCAT 3 statistics, distributions and sources, in its own named graph."""
from __future__ import annotations

import hashlib
import os
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from typing import Optional

import pyoxigraph as ox
from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, VOID, XSD, DefinedNamespace

from graph.rdf.namespace import ID, ONTOLOGY_IRI, PK, PREFIXES


class SPDX(DefinedNamespace):
    """The SPDX terms DCAT 3 uses for checksums."""

    _NS = Namespace("http://spdx.org/rdf/terms#")
    _fail = True

    Checksum: URIRef
    algorithm: URIRef
    checksum: URIRef
    checksumAlgorithm_sha256: URIRef
    checksumValue: URIRef


BASE = "https://w3id.org/plankg/"
DATASET = ID + "dataset"
DESCRIPTION_GRAPH = ID + "graph/dataset"
SPARQL_ENDPOINT = BASE + "sparql"
DUMPS = BASE + "dumps/"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
DUMP_FILES = {  # file name -> (format IRI, media type)
    "plankg.nq.gz": ("http://www.w3.org/ns/formats/N-Quads", "application/n-quads"),
    "plankg.trig.gz": ("http://www.w3.org/ns/formats/TriG", "application/trig"),
}
IANA = "https://www.iana.org/assignments/media-types/"
VOCABULARIES = (ONTOLOGY_IRI, "http://www.w3.org/2004/02/skos/core#", "http://data.europa.eu/eli/ontology#",
                "http://www.w3.org/ns/org#", "http://purl.org/dc/terms/", "http://www.w3.org/ns/prov#",
                "http://www.w3.org/ns/oa#")
TITLE = {"zh": "规划知识图谱：浙江省残疾人事业发展“十四五”规划", "en": "PlanKG: Zhejiang 14th Five-Year Plans for disability affairs"}
DESCRIPTION = {
    "zh": "由中国政府五年发展规划文本构建的知识图谱：规划、章节、措施、指标、机构，规划间的编制依据与落实关系，每个节点附原文出处。",
    "en": "A knowledge graph built from Chinese government five-year development plans: plans, sections, "
          "measures, indicators and institutions, how the plans derive from and implement each other, "
          "and for every node the sentence it was read from.",
}


def build_time() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set, so that two builds can give identical bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
        except ValueError:
            raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r}: expected whole seconds since 1970") from None
    return datetime.fromtimestamp(int(time.time()), tz=timezone.utc)


def _local(iri: str) -> str:
    """A readable, stable IRI segment for a class or property: ``pk-Measure``, else a digest."""
    for prefix, namespace in sorted(PREFIXES.items()):
        if iri.startswith(namespace) and iri[len(namespace):].isidentifier():
            return f"{prefix}-{iri[len(namespace):]}"
    return hashlib.sha256(iri.encode()).hexdigest()[:16]


def _count(store: ox.Store, query: str, graphs: Optional[list[ox.NamedNode]]) -> list[ox.QuerySolution]:
    """The query's rows over ``graphs``, or over the union of every graph when ``graphs`` is None."""
    return list(_rows(store, query, graphs))


def _rows(store: ox.Store, query: str, graphs: Optional[list[ox.NamedNode]]):
    if graphs is None:
        return store.query(query, use_default_graph_as_union=True)
    return store.query(query, default_graph=graphs)


def _everything(store: ox.Store, graphs: list[ox.NamedNode]) -> Optional[list[ox.NamedNode]]:
    """None (the union of every graph) when ``graphs`` are all the store holds, else ``graphs``.

    Oxigraph evaluates a default graph given as a list graph by graph: at 1,000 plans the sources
    query took 67 s that way and 0.3 s over the union."""
    if store.contains_named_graph(ox.NamedNode(DESCRIPTION_GRAPH)):
        return graphs
    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
        return graphs
    return None


class _Writer:
    def __init__(self):
        self.graph = ox.NamedNode(DESCRIPTION_GRAPH)
        self.quads: list[ox.Quad] = []

    def add(self, s, p, o) -> None:
        s = s if isinstance(s, ox.NamedNode) else ox.NamedNode(str(s))
        if isinstance(o, URIRef):
            o = ox.NamedNode(str(o))
        elif isinstance(o, bool) or not isinstance(o, (ox.NamedNode, ox.Literal, str, int)):
            raise TypeError(o)
        elif isinstance(o, int):
            o = ox.Literal(str(o), datatype=ox.NamedNode(str(XSD.integer)))
        elif isinstance(o, str):
            o = ox.Literal(o)
        self.quads.append(ox.Quad(s, ox.NamedNode(str(p)), o, self.graph))

    def labels(self, s, p, texts: dict[str, str]) -> None:
        for language, text in texts.items():
            self.add(s, p, ox.Literal(text, language=language))


def described_graphs(store: ox.Store) -> list[ox.NamedNode]:
    """Every named graph of the store but the description itself, sorted."""
    return sorted((g for g in store.named_graphs()
                   if isinstance(g, ox.NamedNode) and g.value != DESCRIPTION_GRAPH), key=lambda g: g.value)


def describe(store: ox.Store, built: Optional[datetime] = None, threads: int = 1) -> list[ox.Quad]:
    """VoID + DCAT 3 quads describing every other graph of the store, as of ``built``; the store's
    queries in ``threads`` threads (Oxigraph lets go of Python's lock while it evaluates one)."""
    built = built or build_time()
    graphs = described_graphs(store)
    read = _read(store, graphs, _everything(store, graphs), threads)
    w = _Writer()
    d = ox.NamedNode(DATASET)
    w.add(d, RDF.type, VOID.Dataset)
    w.add(d, RDF.type, DCAT.Dataset)
    w.labels(d, DCTERMS.title, TITLE)
    w.labels(d, DCTERMS.description, DESCRIPTION)
    w.add(d, DCTERMS.license, URIRef(LICENSE))
    w.add(d, DCTERMS.modified, ox.Literal(built.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                          datatype=ox.NamedNode(str(XSD.dateTime))))
    w.add(d, VOID.uriSpace, ID)
    for vocabulary in VOCABULARIES:
        w.add(d, VOID.vocabulary, URIRef(vocabulary))
    for language, keyword in (("zh", "五年规划"), ("zh", "残疾人事业"), ("en", "five-year plan"),
                              ("en", "disability affairs"), ("en", "knowledge graph")):
        w.add(d, DCAT.keyword, ox.Literal(keyword, language=language))
    _statistics(w, d, graphs, read)
    _access(w, d)
    _examples(w, d, read["examples"])
    _sources(w, d, read["sources"])
    return w.quads


EXAMPLE_CLASSES = (PK.Plan, PK.Measure, PK.Indicator)
_SOURCES = f"""SELECT ?plan ?file ?sha WHERE {{ ?plan a <{PK.Plan}> ; <{PK.sourceSpan}>/<{PK.sourceFile}> ?file .
    OPTIONAL {{ ?plan <{PK.sha256}> ?sha }} }} ORDER BY ?file"""


def _read(store: ox.Store, graphs: list[ox.NamedNode], everything: Optional[list[ox.NamedNode]],
          threads: int) -> dict:
    """What the description states, read from the store: triples per graph (``graphs``), then the
    distinct terms, classes, properties, examples and sources over ``everything`` (see ``_everything``).

    Most of these read every quad (about 0.7 µs a quad here: 5 s at 1,000 plans), so each is read once:
    the distinct subjects give distinctSubjects and entities (their namespace checked here: as a SPARQL
    filter, isIRI and STRSTARTS, the count took 52 s at 1,000 plans), the property partitions give the
    number of properties."""
    def graph_triples():
        return [int(_count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", [g])[0]["n"].value) for g in graphs]

    def subjects():
        count = entities = 0
        for row in _rows(store, "SELECT DISTINCT ?s WHERE { ?s ?p ?o }", everything):
            count += 1
            entities += isinstance(row["s"], ox.NamedNode) and row["s"].value.startswith(ID)
        return count, entities

    def objects():
        return int(_count(store, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }", everything)[0]["n"].value)

    def examples():
        found = [_count(store, f"SELECT ?s WHERE {{ ?s a <{cls}> }} ORDER BY ?s LIMIT 1", everything)
                 for cls in EXAMPLE_CLASSES]
        found.append(_count(store, f"SELECT DISTINCT (?c AS ?s) WHERE {{ ?x <{PK.concept}> ?c }} ORDER BY ?c LIMIT 1",
                            everything))
        return [rows[0]["s"] for rows in found if rows]

    steps = {
        "graph_triples": graph_triples, "subjects": subjects, "objects": objects,
        "properties": lambda: _count(store, "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p", everything),
        "classes": lambda: _count(store, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c", everything),
        "examples": examples, "sources": lambda: _count(store, _SOURCES, everything),
    }
    if threads <= 1:
        return {name: step() for name, step in steps.items()}
    with ThreadPoolExecutor(max_workers=threads) as pool:
        futures = {name: pool.submit(step) for name, step in steps.items()}
        return {name: future.result() for name, future in futures.items()}


def _statistics(w: _Writer, d: ox.NamedNode, graphs: list[ox.NamedNode], read: dict) -> None:
    for g, n in zip(graphs, read["graph_triples"]):
        w.add(d, VOID.subset, g)
        w.add(g, RDF.type, VOID.Dataset)
        w.add(g, VOID.triples, n)
    w.add(d, VOID.triples, sum(read["graph_triples"]))
    subjects, entities = read["subjects"]
    w.add(d, VOID.distinctSubjects, subjects)
    w.add(d, VOID.distinctObjects, read["objects"])
    w.add(d, VOID.properties, len(read["properties"]))
    w.add(d, VOID.entities, entities)
    w.add(d, VOID.classes, len(read["classes"]))
    for row in read["classes"]:
        part = ox.NamedNode(f"{DATASET}/class/{_local(row['c'].value)}")
        w.add(d, VOID.classPartition, part)
        w.add(part, VOID["class"], row["c"])
        w.add(part, VOID.entities, int(row["n"].value))
    for row in read["properties"]:
        part = ox.NamedNode(f"{DATASET}/property/{_local(row['p'].value)}")
        w.add(d, VOID.propertyPartition, part)
        w.add(part, VOID.property, row["p"])
        w.add(part, VOID.triples, int(row["n"].value))


def _access(w: _Writer, d: ox.NamedNode) -> None:
    service = ox.NamedNode(DATASET + "/sparql")
    w.add(d, VOID.sparqlEndpoint, URIRef(SPARQL_ENDPOINT))
    w.add(d, DCAT.distribution, service)
    w.add(service, RDF.type, DCAT.Distribution)
    w.add(service, DCAT.accessURL, URIRef(SPARQL_ENDPOINT))
    w.add(service, DCAT.accessService, URIRef(SPARQL_ENDPOINT))
    w.add(URIRef(SPARQL_ENDPOINT), RDF.type, DCAT.DataService)
    w.add(URIRef(SPARQL_ENDPOINT), DCAT.endpointURL, URIRef(SPARQL_ENDPOINT))
    w.add(URIRef(SPARQL_ENDPOINT), DCAT.servesDataset, d)
    w.add(URIRef(SPARQL_ENDPOINT), DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/"))
    for name, (format_iri, media_type) in sorted(DUMP_FILES.items()):
        url = URIRef(DUMPS + name)
        dist = ox.NamedNode(f"{DATASET}/dump/{name.split('.')[1]}")
        w.add(d, VOID.dataDump, url)
        w.add(d, DCAT.distribution, dist)
        w.add(dist, RDF.type, DCAT.Distribution)
        w.add(dist, DCAT.downloadURL, url)
        w.add(dist, DCAT.mediaType, URIRef(IANA + media_type))
        w.add(dist, DCAT.compressFormat, URIRef(IANA + "application/gzip"))
        w.add(dist, DCTERMS.format, URIRef(format_iri))
        w.add(dist, DCTERMS.license, URIRef(LICENSE))


def _examples(w: _Writer, d: ox.NamedNode, examples: list[ox.NamedNode]) -> None:
    for example in examples:
        w.add(d, VOID.exampleResource, example)
    w.add(d, VOID.rootResource, URIRef(ONTOLOGY_IRI))


def _sources(w: _Writer, d: ox.NamedNode, rows: list[ox.QuerySolution]) -> None:
    """Each plan's source file with its SHA-256, and the plan derived from it."""
    for row in rows:
        source = ox.NamedNode(f"{ID}source/{row['file'].value}")
        w.add(d, DCTERMS.source, source)
        w.add(d, PROV.wasDerivedFrom, source)
        w.add(source, RDF.type, FOAF.Document)
        w.add(source, DCTERMS.title, row["file"])
        w.add(source, FOAF.primaryTopic, row["plan"])
        if row["sha"] is not None:
            checksum = ox.NamedNode(source.value + "#sha256")
            w.add(source, SPDX.checksum, checksum)
            w.add(checksum, RDF.type, SPDX.Checksum)
            w.add(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
            w.add(checksum, SPDX.checksumValue, ox.Literal(row["sha"].value, datatype=ox.NamedNode(str(XSD.hexBinary))))


def write_description(store: ox.Store, built: Optional[datetime] = None, threads: int = 1) -> int:
    """Replace the description graph with a fresh description of the store (read in ``threads``
    threads); returns its size."""
    from graph.rdf.store import replace_graph

    graph = ox.NamedNode(DESCRIPTION_GRAPH)
    # the old description is set aside while the store is described (so that the statistics can be read
    # over the union of the other graphs), and put back if describing fails
    old = list(store.quads_for_pattern(None, None, None, graph))
    if old:
        store.remove_graph(graph)
    try:
        quads = describe(store, built, threads)
    except BaseException:
        if old:
            store.extend(old)
        raise
    replace_graph(store, graph, quads)
    return len(quads)


__all__ = ["DATASET", "DESCRIPTION_GRAPH", "describe", "write_description", "build_time"]
