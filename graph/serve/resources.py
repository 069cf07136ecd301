"""Dereferenceable IRIs: ``/id/...`` and ``/ontology`` as HTML, Turtle, JSON-LD or N-Triples (pure functions of a store).

``resource(store, path, accept)`` answers one GET: the suffix of the path (``.html``, ``.ttl``,
``.jsonld``, ``.nt``) or else the Accept header picks the format. The RDF is every triple with the
IRI as subject (in any graph), then every triple with it as object; the HTML page shows the same
with the labels of the values as links, and for an extracted node the file, lines and sentence it
was read from. ``/ontology`` is the pyLODE document in HTML and ``ontology/plankg.ttl`` otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

import pyoxigraph as ox

from graph.rdf.namespace import ID, ONTOLOGY_IRI, PREFIXES
from graph.serve.negotiate import FORMATS, HTML, choose, split_suffix

BASE = ID.removesuffix("/id/")                  # https://w3id.org/plankg
MAX_INCOMING = 500                              # incoming triples listed (a plan has a few hundred)
RDF_PREFIXES = {**PREFIXES, "void": "http://rdfs.org/ns/void#", "dcat": "http://www.w3.org/ns/dcat#",
                "sh": "http://www.w3.org/ns/shacl#", "schema": "https://schema.org/",
                "spdx": "http://spdx.org/rdf/terms#", "foaf": "http://xmlns.com/foaf/0.1/",
                "sd": "http://www.w3.org/ns/sparql-service-description#"}


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Description:
    iri: str
    outgoing: list[ox.Triple]
    incoming: list[ox.Triple]


def local_path(iri: str) -> Optional[str]:
    """The path this server answers an IRI at (``/id/...``, ``/ontology#Term``), or None for other IRIs."""
    if iri.startswith(ID):
        return iri[len(BASE):]
    if iri == ONTOLOGY_IRI or iri.startswith(ONTOLOGY_IRI + "#"):
        return "/ontology" + iri[len(ONTOLOGY_IRI):]
    return None


def _sorted(triples) -> list[ox.Triple]:
    return sorted(set(triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def describe(store: ox.Store, iri: str) -> Description:
    node = ox.NamedNode(iri)
    outgoing = _sorted(q.triple for q in store.quads_for_pattern(node, None, None, None))
    incoming = []
    for q in store.quads_for_pattern(None, None, node, None):
        incoming.append(q.triple)
        if len(incoming) >= MAX_INCOMING:
            break
    return Description(iri, outgoing, _sorted(incoming))


def serialize(triples: list[ox.Triple], media: str) -> bytes:
    return ox.serialize(triples, format=FORMATS[media][1], prefixes=RDF_PREFIXES)


def _alternates(path: str) -> dict[str, str]:
    links = [f'<{path}{suffix}>; rel="alternate"; type="{media}"' for media, (suffix, _) in FORMATS.items()]
    return {"Vary": "Accept", "Link": ", ".join(links)}


def not_acceptable(accept: str) -> Answer:
    offered = ", ".join(FORMATS)
    return Answer(406, "text/plain; charset=utf-8",
                  f"Accept: {accept}: none of the formats offered ({offered})\n".encode())


def resource(store: ox.Store, path: str, accept: str = "") -> Answer:
    """The answer to GET ``path`` (``/id/...``) with this Accept header."""
    from graph.serve import pages

    bare, forced = split_suffix(path)
    media = forced or choose(accept)
    if media is None:
        return not_acceptable(accept)
    iri = BASE + bare
    found = describe(store, iri)
    if not found.outgoing:
        if media == HTML:
            return Answer(404, "text/html; charset=utf-8", pages.not_found(iri).encode("utf-8"))
        return Answer(404, "text/plain; charset=utf-8", f"{iri}: no such resource in this graph\n".encode())
    headers = _alternates(bare)
    if media == HTML:
        return Answer(200, "text/html; charset=utf-8", pages.resource_page(store, found, bare).encode("utf-8"), headers)
    return Answer(200, f"{media}; charset=utf-8" if media != "application/n-triples" else media,
                  serialize(found.outgoing + found.incoming, media), headers)


@lru_cache(maxsize=1)
def ontology_triples() -> tuple[ox.Triple, ...]:
    from graph.rdf.ontology_docs import ONTOLOGY_FILE

    with open(ONTOLOGY_FILE, "rb") as handle:
        return tuple(q.triple for q in ox.parse(handle, format=ox.RdfFormat.TURTLE))


def ontology(path: str, accept: str = "") -> Answer:
    """GET ``/ontology`` (or ``/ontology.ttl`` …): the pyLODE document, or the ontology as RDF."""
    from graph.rdf.ontology_docs import ontology_html

    bare, forced = split_suffix(path)
    if bare != "/ontology":
        return Answer(404, "text/plain; charset=utf-8", f"{path}: no such resource\n".encode())
    media = forced or choose(accept)
    if media is None:
        return not_acceptable(accept)
    headers = _alternates(bare)
    if media == HTML:
        return Answer(200, "text/html; charset=utf-8", ontology_html().encode("utf-8"), headers)
    return Answer(200, f"{media}; charset=utf-8" if media != "application/n-triples" else media,
                  serialize(list(ontology_triples()), media), headers)
