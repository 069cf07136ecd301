"""Cross-plan linking: derivation between plans, measure-level implements, measure families, indicator cascade.

    >>> from graph import link
    >>> callable(link.link_store)
    True

Linking reads what it needs from the plan and vocabulary graphs of a store once (``corpus``), never
re-parses plan text, and writes one links graph; networkx views of it are in ``analysis``.
"""
from __future__ import annotations

import importlib

# Imported on first use (PEP 562): the network views need networkx only, the linker scikit-learn and SciPy.
_API = {"DerivationCycleError": "graph.link.analysis", "graphml": "graph.link.analysis",
        "link_network": "graph.link.analysis", "LinkReport": "graph.link.linker", "link_quads": "graph.link.linker",
        "link_store": "graph.link.linker"}
__all__ = sorted(_API)


def __getattr__(name: str):
    if name not in _API:
        raise AttributeError(f"module 'graph.link' has no attribute {name!r}")
    value = getattr(importlib.import_module(_API[name]), name)
    globals()[name] = value
    return value
