"""Write the store out as RDF: TriG, N-Quads (sorted, so two builds compare byte for byte), Turtle, JSON-LD.

TriG, N-Quads and JSON-LD keep the named graphs; Turtle has no graphs, so it gets the union of all
graphs (or one graph when ``graph`` is given). The GraphML network export lives with the links
(``graph.link.analysis.graphml``); ``graph.export`` dispatches between the two.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from graph.rdf.namespace import PREFIXES

FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
}


def sorted_nquads(store: ox.Store) -> bytes:
    """Every quad as N-Quads, one per line, sorted: a canonical form (there are no blank nodes)."""
    lines = store.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines()
    return ("\n".join(sorted(lines)) + "\n").encode("utf-8") if lines else b""


def export(store: ox.Store, fmt: str, output=None, graph: str | None = None) -> bytes | None:
    """Serialise the store (or one graph) as ``fmt``; write to ``output`` if given, else return bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: expected one of {', '.join(FORMATS)}")
    if fmt == "nquads" and graph is None:
        data = sorted_nquads(store)
    elif fmt == "turtle" or graph is not None:
        if graph is not None:
            triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", default_graph=[ox.NamedNode(graph)])
        else:
            triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        target = FORMATS[fmt] if not FORMATS[fmt].supports_datasets else ox.RdfFormat.TURTLE
        data = triples.serialize(format=target)
        if FORMATS[fmt] is ox.RdfFormat.TURTLE:
            data = ox.serialize(ox.parse(data, ox.RdfFormat.TURTLE), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    else:
        data = store.dump(format=FORMATS[fmt], prefixes=PREFIXES)
    return write_or_return(data, output)


def write_or_return(data: bytes, output=None) -> bytes | None:
    """Write ``data`` to ``output`` (creating its folder) and return None, or return it when no output is given."""
    if output is None:
        return data
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    Path(output).write_bytes(data)
    return None
