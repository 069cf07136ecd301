"""The graph explorer as plain data: a neighbourhood grown from a start node, capped, with ECharts options."""
from __future__ import annotations

from dataclasses import dataclass, field

from app_pages.i18n import local_name

PALETTE = ["#c0392b", "#2e86c1", "#27ae60", "#8e44ad", "#d35400", "#16a085", "#7f8c8d", "#b7950b",
           "#2c3e50", "#e84393", "#6d4c41"]


@dataclass
class Neighbourhood:
    nodes: dict[str, dict] = field(default_factory=dict)     # iri -> {label, class}
    edges: dict[tuple, str] = field(default_factory=dict)    # (source, target) -> predicate
    hidden: int = 0                                          # nodes left out by the cap

    def add(self, iri: str, label: str, cls: str | None, cap: int) -> bool:
        if iri in self.nodes:
            return True
        if len(self.nodes) >= cap:
            self.hidden += 1
            return False
        self.nodes[iri] = {"label": label or local_name(iri), "class": cls}
        return True


def grow(start: dict, expanded: list[str], neighbours, classes: set[str] | None, cap: int) -> Neighbourhood:
    """The start node, then the neighbours of each expanded node (in order) of the allowed classes, up to ``cap`` nodes."""
    hood = Neighbourhood()
    hood.add(start["node"], start.get("label"), start.get("class"), cap)
    for iri in [start["node"], *[e for e in expanded if e != start["node"]]]:
        if iri not in hood.nodes:
            continue
        for row in neighbours(iri):
            if classes is not None and row.get("class") not in classes:
                continue
            if hood.add(row["neighbour"], row.get("label"), row.get("class"), cap):
                pair = (iri, row["neighbour"]) if row["direction"] == "out" else (row["neighbour"], iri)
                hood.edges.setdefault(pair, row["predicate"])
    return hood


def short(label: str, width: int = 12) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def options(hood: Neighbourhood, class_label, edge_label, focus: str | None, node_label=None) -> dict:
    """ECharts graph options: force layout, every name drawn, one legend entry per class."""
    classes = sorted({n["class"] or "" for n in hood.nodes.values()})
    name = node_label or (lambda iri, label: label)
    data = [{"id": iri, "name": short(name(iri, n["label"])), "value": name(iri, n["label"]),
             "category": classes.index(n["class"] or ""),
             "symbolSize": 30 if iri == focus else 18,
             "label": {"fontWeight": "bold" if iri == focus else "normal"}} for iri, n in hood.nodes.items()]
    links = [{"source": s, "target": o, "value": edge_label(p)} for (s, o), p in hood.edges.items()]
    return {
        "tooltip": {},
        "legend": [{"data": [class_label(c) for c in classes], "top": 0, "type": "scroll"}],
        "series": [{
            "type": "graph", "layout": "force", "roam": True, "draggable": True,
            # a small neighbourhood is spread wide so every name stays readable at the first zoom
            "zoom": 1.0 if len(data) > 40 else 1.3,
            "force": {"repulsion": 700 if len(data) <= 40 else 300, "edgeLength": [120, 240], "gravity": 0.05},
            "edgeSymbol": ["none", "arrow"], "edgeSymbolSize": 6,
            "label": {"show": True, "position": "right", "fontSize": 12},
            "edgeLabel": {"show": len(links) <= 25, "formatter": "{c}", "fontSize": 10, "color": "#666"},
            "lineStyle": {"color": "#999", "curveness": 0.1},
            "categories": [{"name": class_label(c), "itemStyle": {"color": PALETTE[i % len(PALETTE)]}}
                           for i, c in enumerate(classes)],
            "data": data, "links": links,
        }],
    }
