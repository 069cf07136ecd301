"""Records to RDF and the store: IRIs, the plan graphs, the embedded Oxigraph store, SHACL validation, RDF export.

    >>> from graph import rdf
    >>> store = rdf.open_store()                   # in memory; a path gives the on-disk store
    >>> rdf.load_vocabulary(store) > 0
    True

This layer knows RDF and nothing of text layouts (it takes ``loaders`` records) and nothing of
cross-plan links (``graph.link`` builds on it).
"""
from graph.rdf.build import build_plan, plan_graph_iri, plan_identity
from graph.rdf.export import FORMATS, sorted_nquads
from graph.rdf.store import (graph_counts, load_plan, load_plans, load_vocabulary, open_store, opened_store,
                             plan_graphs, plan_stats, replace_graph, triple_stats)
from graph.rdf.validate import validate_links, validate_plan, validate_store

__all__ = [
    "build_plan", "plan_graph_iri", "plan_identity",
    "FORMATS", "sorted_nquads",
    "graph_counts", "load_plan", "load_plans", "load_vocabulary", "open_store", "opened_store",
    "plan_graphs", "plan_stats", "replace_graph", "triple_stats",
    "validate_links", "validate_plan", "validate_store",
]
