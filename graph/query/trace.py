"""Find measures by IRI or by words of their heading, and trace them up and down (the ``trace`` query)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import pyoxigraph as ox

from graph.query import execute as queries

BY_WORD = """PREFIX pk: <https://w3id.org/plankg/ontology#>
SELECT ?measure ?heading ?word WHERE {
  ?measure a pk:Measure ; pk:heading ?heading .
  FILTER(CONTAINS(?heading, ?word))
}"""


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


def find_measures(store: ox.Store, query: str) -> list[str]:
    """Measure IRIs for a measure IRI, or for words that all occur in a measure's heading (sorted)."""
    query = query.strip()
    if query.startswith(("http://", "https://")):
        return [query] if _is_measure(store, query) else []
    words = query.split()
    if not words:
        return []
    found = store.query(BY_WORD, use_default_graph_as_union=True,
                        substitutions={ox.Variable("word"): ox.Literal(words[0])})
    hits = {r["measure"].value for r in found if all(w in r["heading"].value for w in words[1:])}
    return sorted(hits)


def _is_measure(store: ox.Store, iri: str) -> bool:
    text = "PREFIX pk: <https://w3id.org/plankg/ontology#> SELECT ?m WHERE { ?m a pk:Measure }"
    return any(True for _ in store.query(text, use_default_graph_as_union=True,
                                         substitutions={ox.Variable("m"): ox.NamedNode(iri)}))


def trace(store: ox.Store, measure: str, timeout: Optional[float] = queries.DEFAULT_TIMEOUT) -> list[TraceRow]:
    """The measure, what it implements (up), what implements it (down) and its family, by the trace query."""
    result = queries.run_query("trace", {"measure": measure}, store=store, timeout=timeout)
    rows = []
    for r in result.records():
        changed = [c for c in (r["changedNumbers"] or "").split("；") if c]
        rows.append(TraceRow(r["direction"], int(r["depth"]), r["other"], r["plan"], r["region"], r["heading"],
                             r["text"], r["score"], r["method"], changed))
    order = {"up": 0, "self": 1, "down": 2, "family": 3}
    return sorted(rows, key=lambda t: (order[t.direction], -t.depth if t.direction == "up" else t.depth, t.measure))
