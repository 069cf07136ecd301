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
from __future__ import annotations

from graph.lazy import lazy_api

# The public API, imported on first use (PEP 562): ``import graph`` (and ``graph.config``, which every
# command reads) stays cheap, and the heavy parts (pySHACL, scikit-learn, the store) load only when used.
_API = {
    "build": "graph.rdf.build", "build_plan": "graph.rdf", "plan_graph_iri": "graph.rdf",
    "open_store": "graph.rdf", "opened_store": "graph.rdf", "load_plan": "graph.rdf", "load_plans": "graph.rdf",
    "load_vocabulary": "graph.rdf", "validate_plan": "graph.rdf", "validate_store": "graph.rdf",
    "link_store": "graph.link", "graphml": "graph.link",
    "export": "graph.exports", "EXPORT_FORMATS": "graph.exports", "NETWORK_FORMATS": "graph.exports",
    "PipelineResult": "graph.pipeline", "build_corpus": "graph.pipeline", "run": "graph.pipeline",
    "Result": "graph.query", "catalogue": "graph.query", "run_query": "graph.query", "run_sparql": "graph.query",
}
__all__ = sorted(_API)


__getattr__, __dir__ = lazy_api(__name__, _API, globals())
