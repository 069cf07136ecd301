"""What the front end shows, as plain data: tables, chart rows and network elements from the catalogue.

Nothing here imports Streamlit; ``app.py`` and its pages only lay these out.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from graph.query.execute import QueryError, Result, catalogue, run_query, run_sparql

STORE_ENV = "PLANKG_STORE"
CONSOLE_TIMEOUT = 10.0        # seconds a console query may run
CONSOLE_ROW_LIMIT = 5000      # rows shown; the full answer is still downloadable from the CLI


def store_path() -> Path:
    from graph.rdf.store import DEFAULT_STORE_PATH

    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE_PATH)


def open_read_only(path: Path | str | None = None) -> ox.Store:
    """The built store, opened read-only so the app can never change it (StoreError if it is not one)."""
    from graph.rdf.folder import open_existing

    return open_existing(Path(path) if path else store_path())[0]


def rows(store, name: str, **params) -> list[dict]:
    """A catalogue query's rows as dicts keyed by column name (parameters given as text).

    ``store`` is best the store's folder: the query then runs in a read-only worker process that
    is killed at the time limit (an ``ox.Store`` object runs in a thread that cannot be stopped).
    """
    clean = {k: str(v) for k, v in params.items() if v not in (None, "")}
    return run_query(name, clean, store=store).records()


def plans(store: ox.Store) -> list[dict]:
    return rows(store, "plans")


def plan_label(row: dict) -> str:
    draft = "（征求意见稿）" if row.get("draft") else ""
    return f"{row['region']} · {row['title']}{draft}"


def outline(store: ox.Store, plan: str) -> list[dict]:
    return rows(store, "sections", plan=plan)


def measures(store: ox.Store, plan: str, keyword: str | None = None) -> list[dict]:
    return rows(store, "measures", plan=plan, keyword=keyword)


def basis(store: ox.Store, plan: str | None = None) -> list[dict]:
    found = rows(store, "basis")
    return [r for r in found if plan is None or r["plan"] == plan]


def concepts(store: ox.Store) -> list[dict]:
    """Indicator concepts set by at least one plan, most widely set first."""
    found = [r for r in rows(store, "indicator_concepts") if (r.get("plans") or 0) > 0]
    return sorted(found, key=lambda r: (-(r.get("plans") or 0), r["labelZh"]))


def compare(store: ox.Store, concept: str) -> list[dict]:
    return rows(store, "indicator_compare", concept=concept)


def chart_rows(compared: list[dict]) -> list[dict]:
    """Long-form rows (region, series, value) for a grouped bar chart of baselines and targets."""
    out = []
    for r in compared:
        for series, key in (("2020 基期值 baseline", "baselineValue"), ("2025 目标值 target", "targetValue")):
            if r.get(key) is not None:
                out.append({"region": r["region"], "series": series, "value": float(r[key]),
                            "label": r.get("targetText") if key == "targetValue" else None})
    return out


@dataclass
class Network:
    """Nodes and edges in the shape Cytoscape (and st-link-analysis) reads."""
    nodes: dict[str, dict] = field(default_factory=dict)
    edges: dict[str, dict] = field(default_factory=dict)

    def node(self, id_: str, label: str, name: str, **data) -> None:
        self.nodes.setdefault(id_, {"data": {"id": id_, "label": label, "name": name, **data}})

    def edge(self, source: str, target: str, label: str) -> None:
        key = f"{source}|{label}|{target}"
        self.edges.setdefault(key, {"data": {"id": key, "label": label, "source": source, "target": target}})

    def elements(self) -> dict:
        return {"nodes": list(self.nodes.values()), "edges": list(self.edges.values())}


def plan_network(store: ox.Store) -> Network:
    """Plans, the documents they name as basis, and the plans in the corpus those resolve to."""
    net = Network()
    for p in plans(store):
        net.node(p["plan"], "CORPUS_PLAN", p["region"], title=p["title"], level=p.get("level"),
                 period=f"{p.get('periodStart')}-{p.get('periodEnd')}")
    for b in rows(store, "basis"):
        if b.get("basisPlan"):
            net.edge(b["plan"], b["basisPlan"], "BASED_ON")
        else:
            doc = "doc:" + b["basisTitle"]
            net.node(doc, (b.get("basisKind") or "other").upper(), b["basisTitle"])
            net.edge(b["plan"], doc, "BASED_ON")
    return net


@dataclass
class ConsoleAnswer:
    columns: list[str]
    rows: list[list]
    truncated: bool = False
    boolean: bool | None = None
    error: str | None = None


def console(store, text: str, timeout: float = CONSOLE_TIMEOUT) -> ConsoleAnswer:
    """Run a user's SPARQL read-only with a time limit; errors come back as a message, never raised."""
    if not text.strip():
        return ConsoleAnswer([], [], error="the query is empty")
    try:
        result: Result = run_sparql(text, store=store, timeout=timeout)
    except QueryError as exc:
        return ConsoleAnswer([], [], error=str(exc))
    if result.form == "ASK":
        return ConsoleAnswer(["answer"], [[result.boolean]], boolean=result.boolean)
    if result.form == "SELECT":
        records = result.records()
        table = [[r[c] for c in result.columns] for r in records[:CONSOLE_ROW_LIMIT]]
        return ConsoleAnswer(list(result.columns), table, truncated=len(records) > CONSOLE_ROW_LIMIT)
    triples = [[str(t.subject), str(t.predicate), str(t.object)] for t in result.triples[:CONSOLE_ROW_LIMIT]]
    return ConsoleAnswer(["subject", "predicate", "object"], triples,
                         truncated=len(result.triples) > CONSOLE_ROW_LIMIT)


def examples() -> dict[str, str]:
    """Catalogue queries to start the console from, by name."""
    return {name: q.text for name, q in sorted(catalogue().items())}
