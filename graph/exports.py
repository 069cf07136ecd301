"""Export dispatch: the store as RDF (``graph.rdf.export``) or its link network as GraphML (``graph.link.analysis``)."""
from __future__ import annotations

from graph.link import graphml
from graph.rdf import FORMATS
from graph.rdf.export import export as export_rdf
from graph.rdf.export import write_or_return

NETWORK_FORMATS = ("graphml",)
EXPORT_FORMATS = (*FORMATS, *NETWORK_FORMATS)


def export(store, fmt: str, output=None, graph: str | None = None):
    """Write the store as RDF (``graph.rdf.FORMATS``) or its link network as GraphML; bytes when no output."""
    if fmt in NETWORK_FORMATS:
        return write_or_return(graphml(store), output)
    return export_rdf(store, fmt, output, graph)
