"""The overview page as plain data: counts, validation sentences, and the derivation diagram's nodes and links."""
from __future__ import annotations

from dataclasses import dataclass, field

KIND_COLOURS = {"corpus": "#c0392b", "plan": "#e59866", "outline": "#2e86c1", "law": "#7d3c98",
                "regulation": "#8e6e53", "policy": "#229954", "other": "#7f8c8d"}


@dataclass
class Validation:
    plan: str
    conforms: bool
    sentences: list[str] = field(default_factory=list)


def sentence(row) -> str:
    """A SHACL result as a sentence: where, what rule, what is wrong."""
    where = f"{row.source}" if row.source else row.focus
    path = f" ({row.path})" if row.path else ""
    return f"{where}: {row.message or row.shape}{path} [{row.shape}]"


def validate(store, plans: list[dict], store_path=None) -> list[Validation]:
    """Each plan graph checked against the SHACL shapes, violations as readable sentences.

    With ``store_path``, a plan's verdict from the last ``plankg build`` of that store is used when
    there is one (the build validated each plan; validating 1,000 plans again would take minutes);
    other plans are validated now."""
    from graph.rdf.store import plan_graphs
    from graph.rdf.validate import validate_plan

    stored = stored_verdicts(store_path) if store_path else None
    graphs = dict(plan_graphs(store))
    out = []
    for plan in plans:
        graph = graphs.get(plan["plan"])
        if graph is None:
            continue
        report = stored.latest(plan["plan"]) if stored is not None else None
        if report is None:
            report = validate_plan(store, graph, plan["plan"])
        out.append(Validation(plan["plan"], report.conforms, [sentence(r) for r in report.violations]))
    return out


def stored_verdicts(store_path):
    """The verdicts ``plankg build`` kept beside the store, if its last build completed; else None."""
    from graph.rdf.folder import read_state
    from graph.rdf.validate_pool import ValidationCache, cache_path

    try:
        complete = read_state(store_path).complete
    except (OSError, ValueError):
        return None
    if not complete or not cache_path(store_path).is_file():
        return None
    return ValidationCache(cache_path(store_path))


@dataclass
class Diagram:
    """Nodes (with a layer: 0 at the top) and links of the derivation hierarchy."""
    nodes: dict[str, dict] = field(default_factory=dict)
    links: list[dict] = field(default_factory=list)

    @property
    def inferred(self) -> int:
        return sum(1 for link in self.links if link["inferred"])


def derivation_diagram(rows: list[dict], kinds: set[str] | None = None) -> Diagram:
    """The derivesFrom links as a layered diagram; ``kinds`` keeps only upper documents of those kinds."""
    import networkx as nx

    diagram = Diagram()
    g = nx.DiGraph()
    for r in rows:
        kind = "corpus" if r["upperInCorpus"] else (r.get("upperKind") or "other")
        if kinds is not None and kind != "corpus" and kind not in kinds:
            continue
        for iri, title, in_corpus, k in ((r["lower"], r.get("lowerTitle"), r["lowerInCorpus"], "plan"),
                                         (r["upper"], r.get("upperTitle"), r["upperInCorpus"], kind)):
            diagram.nodes.setdefault(iri, {"id": iri, "title": title or iri, "corpus": bool(in_corpus),
                                           "kind": "corpus" if in_corpus else k})
        diagram.links.append({"source": r["lower"], "target": r["upper"], "inferred": bool(r["inferred"])})
        g.add_edge(r["upper"], r["lower"])
    layers: dict[str, int] = {}
    order = list(nx.topological_sort(g)) if nx.is_directed_acyclic_graph(g) else list(g.nodes)
    for node in order:
        layers[node] = max((layers[p] + 1 for p in g.predecessors(node) if p in layers), default=0)
    for iri, node in diagram.nodes.items():
        node["layer"] = layers.get(iri, 0)
    return diagram


DIAGRAM_MAX_PLANS = 60          # corpus plans drawn at once; past it, the levels just below the scope


def code_depth(code: str) -> int:
    """0 for the nation (000000), 1 for a province (xx0000), 2 for a prefecture (xxxx00), 3 below."""
    if not code or code == "000000":
        return 0
    return 1 if code.endswith("0000") else 2 if code.endswith("00") else 3


def diagram_rows(rows: list[dict], plan_codes: dict[str, str], scope: str) -> tuple[list[dict], bool]:
    """The derivation links to draw: those of the plans in ``scope`` (a region-code prefix: "" for all,
    two digits for a province, four for a prefecture) and what they derive from; when that is more
    than DIAGRAM_MAX_PLANS plans, those of the plans down to the level just below the scope only (the
    provinces for all regions, the prefectures for a province). Also whether plans were left out."""
    kept = [r for r in rows if plan_codes.get(r["lower"], "").startswith(scope)] if scope else rows
    if len({r["lower"] for r in kept if r["lowerInCorpus"]}) <= DIAGRAM_MAX_PLANS:
        return kept, False
    deepest = len(scope) // 2 + 1
    drawn = [r for r in kept if code_depth(plan_codes.get(r["lower"], "")) <= deepest]
    return drawn, len(drawn) < len(kept)


def short(title: str, width: int = 26) -> str:
    return title if len(title) <= width else title[: width - 1] + "…"


def diagram_options(diagram: Diagram, kind_names: dict[str, str], legend_inferred: str) -> dict:
    """ECharts options for the diagram: layered positions, names always drawn, inferred links dashed."""
    by_layer: dict[int, list[dict]] = {}
    for node in sorted(diagram.nodes.values(), key=lambda n: (not n["corpus"], n["title"])):
        by_layer.setdefault(node["layer"], []).append(node)
    categories = list(KIND_COLOURS)
    data = []
    for layer, nodes in by_layer.items():
        for i, node in enumerate(nodes):
            data.append({"id": node["id"], "name": short(node["title"]), "value": node["title"],
                         "x": (i - (len(nodes) - 1) / 2) * 200, "y": layer * 140,
                         "category": categories.index(node["kind"] if node["kind"] in KIND_COLOURS else "other"),
                         "symbolSize": 26 if node["corpus"] else 16,
                         "label": {"fontWeight": "bold" if node["corpus"] else "normal"}})
    links = [{"source": link["source"], "target": link["target"],
              "lineStyle": {"type": "dashed" if link["inferred"] else "solid",
                            "color": "#b03a2e" if link["inferred"] else "#566573", "width": 2 if link["inferred"] else 1.2}}
             for link in diagram.links]
    return {
        "tooltip": {"formatter": "{c}"},
        "legend": [{"data": [kind_names.get(k, k) for k in categories], "top": 0}],
        "title": {"text": legend_inferred, "bottom": 0, "left": 0, "textStyle": {"fontSize": 12, "fontWeight": "normal"}},
        "series": [{
            "type": "graph", "layout": "none", "roam": True, "draggable": True,
            "edgeSymbol": ["none", "arrow"], "edgeSymbolSize": 7,
            "label": {"show": True, "position": "bottom", "fontSize": 12, "width": 150, "overflow": "break"},
            "categories": [{"name": kind_names.get(k, k), "itemStyle": {"color": c}} for k, c in KIND_COLOURS.items()],
            "data": data, "links": links,
        }],
    }
