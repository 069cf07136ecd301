"""The SPARQL that PlanKG runs for itself (not for users): ``queries/internal/*.rq``, read once each.

    >>> from graph.rdf.sparql import internal_query
    >>> internal_query("store_graph_counts").lstrip().startswith("#")
    True

User-facing queries are the catalogue (``queries/*.rq``, ``graph.query.catalogue``); these are the
building blocks of loading, validation and linking. Each file opens with a comment saying what it is for.
"""
from __future__ import annotations

from functools import lru_cache

from graph.config import INTERNAL_QUERIES_DIR


@lru_cache(maxsize=None)
def internal_query(name: str) -> str:
    """The text of ``queries/internal/NAME.rq``."""
    path = INTERNAL_QUERIES_DIR / f"{name}.rq"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LookupError(f"{path}: no internal query named {name!r}") from None
