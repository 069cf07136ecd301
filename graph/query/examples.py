"""The query catalogue as RDF: one ``sh:SPARQLExecutable`` per query, in the shape of public example catalogues.

The shape is that of the SIB SPARQL examples (sib-swiss/sparql-examples): ``sh:select`` (or
``sh:ask`` / ``sh:construct``) holds the runnable query with its default parameters bound,
``rdfs:comment`` the summary in Chinese and English, ``schema:keywords`` the tags and
``schema:target`` the endpoint. Parameters are described as SHACL describes a component's
(``sh:parameter`` with name, datatype, default, optional), so tools can fill them in.
"""
from __future__ import annotations

import re
from typing import Optional

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, RDF, RDFS, SDO, SH, XSD

from graph.query.bindings import bind, with_values
from graph.query.catalogue import CatalogueQuery, load_catalogue
from graph.rdf.namespace import ID

CATALOGUE_GRAPH = ID + "graph/catalogue"
QUERY_BASE = ID + "query/"
SPARQL_ENDPOINT = "https://w3id.org/plankg/sparql"
_HEADER_LINE = re.compile(r"^#\+.*\n", re.MULTILINE)
_FORM_PROPERTY = {"SELECT": SH.select, "ASK": SH.ask, "CONSTRUCT": SH.construct}
_FORM_CLASS = {"SELECT": SH.SPARQLSelectExecutable, "ASK": SH.SPARQLAskExecutable,
               "CONSTRUCT": SH.SPARQLConstructExecutable}


def runnable_text(query: CatalogueQuery) -> str:
    """The query without its ``#+`` header, with its default parameters bound in a VALUES block."""
    text = _HEADER_LINE.sub("", query.text).lstrip("\n")
    return with_values(text, bind(query, {}), query.inlined)


def _n(term) -> ox.NamedNode:
    return ox.NamedNode(str(term))


def query_quads(query: CatalogueQuery, graph: ox.NamedNode) -> list[ox.Quad]:
    from graph.query.execute import query_form

    iri = ox.NamedNode(QUERY_BASE + query.name)
    text = runnable_text(query)
    form = query_form(text)
    out: list[ox.Quad] = []

    def add(s, p, o):
        out.append(ox.Quad(s, _n(p), o if isinstance(o, (ox.NamedNode, ox.Literal)) else ox.Literal(str(o)), graph))

    add(iri, RDF.type, _n(SH.SPARQLExecutable))
    if form in _FORM_CLASS:
        add(iri, RDF.type, _n(_FORM_CLASS[form]))
    add(iri, _FORM_PROPERTY[form], text)
    add(iri, DCTERMS.identifier, query.name)
    add(iri, RDFS.label, ox.Literal(query.name))
    add(iri, RDFS.comment, ox.Literal(query.summary, language="en"))
    add(iri, RDFS.comment, ox.Literal(query.summary_zh, language="zh"))
    if query.description:
        add(iri, DCTERMS.description, ox.Literal(query.description, language="en"))
    for tag in query.tags:
        add(iri, SDO.keywords, tag)
    add(iri, SDO.target, ox.NamedNode(SPARQL_ENDPOINT))
    prefixes = ox.NamedNode(QUERY_BASE + "prefixes")
    add(iri, SH.prefixes, prefixes)
    for prefix, namespace in sorted(query.prefixes.items()):
        declaration = ox.NamedNode(f"{QUERY_BASE}prefixes/{prefix or 'default'}")
        add(prefixes, SH.declare, declaration)
        add(declaration, SH.prefix, prefix)
        add(declaration, SH.namespace, ox.Literal(namespace, datatype=_n(XSD.anyURI)))
    for position, param in enumerate(query.params, 1):  # as SHACL describes the parameters of a SPARQL component
        node = ox.NamedNode(f"{iri.value}/parameter/{param.name}")
        add(iri, SH.parameter, node)
        add(node, SH.name, param.name)
        add(node, SH.description, ox.Literal(param.description, language="en"))
        add(node, SH.order, ox.Literal(str(position), datatype=_n(XSD.integer)))
        add(node, SH.datatype, _n(XSD.anyURI if param.type == "iri" else XSD[_XSD_OF[param.type]]))
        if param.default is not None:
            add(node, SH.defaultValue, param.default)
        add(node, SH.optional, ox.Literal("false" if param.required else "true", datatype=_n(XSD.boolean)))
    return out


_XSD_OF = {"string": "string", "integer": "integer", "decimal": "decimal", "boolean": "boolean",
           "date": "date", "year": "gYear"}


def catalogue_quads(directory: Optional[str] = None) -> list[ox.Quad]:
    graph = ox.NamedNode(CATALOGUE_GRAPH)
    quads: list[ox.Quad] = []
    for query in load_catalogue(directory).values():
        quads.extend(query_quads(query, graph))
    return quads


def load_examples(store: ox.Store, directory: Optional[str] = None) -> int:
    """Replace the catalogue graph with the catalogue's queries; returns the number of triples."""
    from graph.rdf.store import replace_graph

    quads = catalogue_quads(directory)
    replace_graph(store, ox.NamedNode(CATALOGUE_GRAPH), quads)
    return len(quads)
