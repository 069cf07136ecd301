"""Cross-plan linking: derivation between plans, measure-level implements, measure families, indicator cascade.

    >>> from graph import link
    >>> callable(link.link_store)
    True

Linking reads what it needs from the plan and vocabulary graphs of a store once (``corpus``), never
re-parses plan text, and writes one links graph; networkx views of it are in ``analysis``.
"""
from graph.link.analysis import DerivationCycleError, graphml, link_network
from graph.link.linker import LinkReport, link_quads, link_store

__all__ = ["DerivationCycleError", "graphml", "link_network", "LinkReport", "link_quads", "link_store"]
