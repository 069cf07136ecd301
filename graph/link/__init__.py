"""Cross-plan linking: derivation between plans, measure-level implements, measure families, indicator cascade.

    >>> from graph import link
    >>> callable(link.link_store)
    True

Linking reads what it needs from the plan and vocabulary graphs of a store once (``corpus``), never
re-parses plan text, and writes one links graph; networkx views of it are in ``analysis``.
"""
from __future__ import annotations

from graph.lazy import lazy_api

# Imported on first use (PEP 562): the network views need networkx only, the linker scikit-learn and SciPy.
_API = {"DerivationCycleError": "graph.link.analysis", "graphml": "graph.link.analysis",
        "link_network": "graph.link.analysis", "LinkReport": "graph.link.linker", "link_quads": "graph.link.linker",
        "link_store": "graph.link.linker"}
__all__ = sorted(_API)


__getattr__, __dir__ = lazy_api(__name__, _API, globals())
