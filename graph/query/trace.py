"""Find measures by IRI or by words of their heading, and trace them up and down (the ``trace`` query)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import pyoxigraph as ox

from graph.query import execute as queries
from graph.rdf.sparql import internal_query



@dataclass
class TraceRow:
    direction: str
    depth: int
    measure: str
    plan: str
    region: Optional[str]
    heading: str
    text: str
    score: Optional[float]
    method: Optional[str]
    changed_numbers: list[str]
    strength: Optional[str] = None
    topics: list[str] = field(default_factory=list)


def find_measures(store: ox.Store, query: str) -> list[str]:
    """Measure IRIs for a measure IRI, or for words that all occur in a measure's heading (sorted)."""
    query = query.strip()
    if query.startswith(("http://", "https://")):
        return [query] if _is_measure(store, query) else []
    words = query.split()
    if not words:
        return []
    found = store.query(internal_query("trace_by_word"), use_default_graph_as_union=True,
                        substitutions={ox.Variable("word"): ox.Literal(words[0])})
    hits = {r["measure"].value for r in found if all(w in r["heading"].value for w in words[1:])}
    return sorted(hits)


def _is_measure(store: ox.Store, iri: str) -> bool:
    return any(True for _ in store.query(internal_query("trace_is_measure"), use_default_graph_as_union=True,
                                         substitutions={ox.Variable("m"): ox.NamedNode(iri)}))


def trace(store: ox.Store, measure: str, timeout: Optional[float] = queries.DEFAULT_TIMEOUT) -> list[TraceRow]:
    """The measure, what it implements (up), what implements it (down), its siblings and family (the trace query)."""
    result = queries.run_query("trace", {"measure": measure}, store=store, timeout=timeout)
    topics = {r["otherMeasure"]: [t for t in r["topics"].split(", ") if t]
              for r in queries.run_query("correspondences", {"measure": measure}, store=store, timeout=timeout).records()}
    rows = []
    for r in result.records():
        changed = [c for c in (r["changedNumbers"] or "").split("；") if c]
        rows.append(TraceRow(r["direction"], int(r["depth"]), r["other"], r["plan"], r["region"], r["heading"],
                             r["text"], r["score"], r["method"], changed, r["strength"],
                             topics.get(r["other"], []) if r["direction"] == "sibling" else []))
    order = {"up": 0, "self": 1, "down": 2, "sibling": 3, "family": 4}
    return sorted(rows, key=lambda t: (order[t.direction], -t.depth if t.direction == "up" else t.depth,
                                       t.strength != "strong", t.measure))
