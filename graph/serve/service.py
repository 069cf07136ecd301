"""The SPARQL 1.1 Service Description of the endpoint: languages, result formats, features, its dataset's graphs."""
from __future__ import annotations

import pyoxigraph as ox

from graph.rdf.describe import DATASET

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "RDF_XML")
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


def service_description(endpoint: str, graph_triples: dict[str, int]) -> list[ox.Triple]:
    """Triples describing the endpoint at URL ``endpoint`` whose store holds these graphs (IRI -> triples)."""
    service = ox.NamedNode(endpoint)
    dataset = ox.NamedNode(endpoint + "#dataset")
    default = ox.NamedNode(endpoint + "#default-graph")
    out: list[ox.Triple] = []

    def add(s, p, o):
        out.append(ox.Triple(s, ox.NamedNode(p), o))

    add(service, RDF_TYPE, ox.NamedNode(SD + "Service"))
    add(service, SD + "endpoint", service)
    add(service, SD + "supportedLanguage", ox.NamedNode(SD + "SPARQL11Query"))
    for name in RESULT_FORMATS:
        add(service, SD + "resultFormat", ox.NamedNode(FORMATS + name))
    add(service, SD + "feature", ox.NamedNode(SD + "UnionDefaultGraph"))
    add(service, SD + "defaultEntailmentRegime", ox.NamedNode("http://www.w3.org/ns/entailment/Simple"))
    add(service, SD + "defaultDataset", dataset)
    add(service, "http://www.w3.org/2000/01/rdf-schema#seeAlso", ox.NamedNode(DATASET))
    add(dataset, RDF_TYPE, ox.NamedNode(SD + "Dataset"))
    add(dataset, SD + "defaultGraph", default)
    add(default, RDF_TYPE, ox.NamedNode(SD + "Graph"))
    add(default, VOID + "triples", ox.Literal(str(sum(graph_triples.values())), datatype=XSD_INTEGER))
    for position, (iri, triples) in enumerate(sorted(graph_triples.items()), 1):
        named = ox.NamedNode(f"{endpoint}#named-graph-{position}")
        add(dataset, SD + "namedGraph", named)
        add(named, RDF_TYPE, ox.NamedNode(SD + "NamedGraph"))
        add(named, SD + "name", ox.NamedNode(iri))
        add(named, SD + "graph", ox.NamedNode(iri))
        add(ox.NamedNode(iri), RDF_TYPE, ox.NamedNode(SD + "Graph"))
        add(ox.NamedNode(iri), VOID + "triples", ox.Literal(str(triples), datatype=XSD_INTEGER))
    return out
