"""Graph: plan records to RDF (``graph.rdf``), cross-plan links (``graph.link``), queries (``graph.query``).

    >>> import loaders, graph
    >>> record = loaders.parse("data/plans/330300-wenzhou-2021-2025.txt")
    >>> store = graph.open_store()          # in memory; a path gives the on-disk store
    >>> loads = graph.load_plans(store, [record])   # builds and replaces each plan's named graph
    >>> [r.conforms for r in graph.validate_store(store)]
    [True]
    >>> links = graph.link_store(store)     # derivation, implements, families, cascade (links graph)
    >>> len(graph.run_query("indicators", store=store, timeout=None).records())
    14

Data flows one way: records -> RDF and the store -> links -> queries. ``graph.pipeline`` runs the
whole build; ``graph.config`` holds every default.
"""
from graph.link import graphml, link_store
from graph.pipeline import PipelineResult, build_corpus, run
from graph.query import Result, catalogue, run_query, run_sparql
from graph.rdf import (FORMATS, build_plan, load_plan, load_plans, load_vocabulary, open_store, opened_store,
                       plan_graph_iri, validate_plan, validate_store)
from graph.rdf.build import build
from graph.rdf.export import export as _export_rdf
from graph.rdf.export import write_or_return

NETWORK_FORMATS = ("graphml",)
EXPORT_FORMATS = (*FORMATS, *NETWORK_FORMATS)


def export(store, fmt: str, output=None, graph: str | None = None):
    """Write the store as RDF (``graph.rdf.FORMATS``) or its link network as GraphML; bytes when no output."""
    if fmt in NETWORK_FORMATS:
        return write_or_return(graphml(store), output)
    return _export_rdf(store, fmt, output, graph)


__all__ = [
    "build", "build_plan", "plan_graph_iri", "open_store", "opened_store", "load_plan", "load_plans",
    "load_vocabulary", "validate_plan", "validate_store", "link_store", "graphml", "export",
    "EXPORT_FORMATS", "PipelineResult", "build_corpus", "run", "Result", "catalogue", "run_query", "run_sparql",
]
