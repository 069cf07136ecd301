"""Graph: plan records to RDF, stored, validated and exported.

    >>> import loaders, graph
    >>> record = loaders.parse("data/plans/330300-wenzhou-2021-2025.txt")
    >>> store = graph.open_store()          # in memory; a path gives the on-disk store
    >>> graph.load_plans(store, [record])   # builds and replaces each plan's named graph
    >>> report = graph.validate_store(store)
    >>> links = graph.link_store(store)     # derivation, implements, families, cascade (links graph)
    >>> rows = graph.run_query("indicators", store=store).records()
"""
from graph.build import build, build_plan, plan_graph_iri
from graph.store import DEFAULT_STORE_PATH, load_plan, load_plans, load_vocabulary, open_store
from graph.validate import validate_plan, validate_store


def link_store(store):
    """Build the links graph of a loaded store (see ``graph.link``)."""
    from graph.link import link_store as _link_store

    return _link_store(store)


def run_query(name, params=None, **kwargs):
    """Run a catalogue query by name (see ``graph.queries.run_query``)."""
    from graph.queries import run_query as _run_query

    return _run_query(name, params, **kwargs)

__all__ = [
    "build", "build_plan", "plan_graph_iri",
    "open_store", "load_plan", "load_plans", "load_vocabulary", "DEFAULT_STORE_PATH",
    "validate_plan", "validate_store", "link_store", "run_query",
]
