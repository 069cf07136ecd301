"""networkx views of the links graph: derivation (checked acyclic), implementation chains, families, institutions.

``link_network(store)`` is the graph ``plankg export --format graphml`` writes: plans and referenced
documents joined by derivesFrom, measures by implements, families to their members and inferred
sources, each node with a ``kind`` and a ``label``, each edge with a ``relation`` (and score,
method, inferred where the links graph has them).
"""
from __future__ import annotations

import io
from itertools import combinations

import networkx as nx
import pyoxigraph as ox

from graph.rdf.sparql import internal_query




class DerivationCycleError(ValueError):
    """Plans that derive from themselves through a chain of derivesFrom links."""


def _rows(store: ox.Store, text: str):
    return store.query(text, use_default_graph_as_union=True)


def derivation_digraph(derivation) -> nx.DiGraph:
    """The derivation graph of a ``graph.link.derivation.Derivation`` (child -> parent)."""
    g = nx.DiGraph()
    for n in derivation.nodes.values():
        g.add_node(n.iri, label=n.title, kind="plan" if n.in_corpus else "document")
    for e in derivation.edges:
        g.add_edge(e.child, e.parent, score=e.score, method=e.method, inferred=e.inferred)
    return g


def check_acyclic(derivation_or_graph) -> None:
    """Raise DerivationCycleError naming the plans of a cycle, if there is one."""
    g = derivation_or_graph if isinstance(derivation_or_graph, nx.DiGraph) else derivation_digraph(derivation_or_graph)
    try:
        cycle = nx.find_cycle(g)
    except nx.NetworkXNoCycle:
        return
    names = [f"{g.nodes[a].get('label', a)} <{a}>" for a, _ in cycle] + [g.nodes[cycle[0][0]].get("label", cycle[0][0])]
    raise DerivationCycleError("derivation cycle: " + " -> ".join(names))


def link_network(store: ox.Store) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    labels = {r["node"].value: (r["label"].value, r["kind"].value) for r in _rows(store, internal_query("network_labels"))}

    def add(iri):
        if iri not in g:
            label, kind = labels.get(iri, (iri.rsplit("/", 1)[-1], "node"))
            g.add_node(iri, label=label, kind=kind)

    for r in _rows(store, internal_query("network_derivation")):
        child, parent = r["child"].value, r["parent"].value
        add(child), add(parent)
        extra = {"strength": r["strength"].value} if r["strength"] is not None else {}
        g.add_edge(child, parent, key=r["relation"].value, relation=r["relation"].value.rsplit("#", 1)[-1],
                   score=float(r["score"].value), method=r["method"].value,
                   inferred=r["inferred"].value == "true", **extra)
    for r in _rows(store, internal_query("network_members")):
        family, member = r["family"].value, r["member"].value
        add(family), add(member)
        g.add_edge(member, family, key="member", relation="member")
    return g


def _relation(g: nx.MultiDiGraph, name: str) -> nx.DiGraph:
    out = nx.DiGraph()
    out.add_nodes_from((n, d) for n, d in g.nodes(data=True))
    out.add_edges_from((a, b, d) for a, b, d in g.edges(data=True) if d.get("relation") == name)
    return out


def derivation_graph(store: ox.Store) -> nx.DiGraph:
    g = _relation(link_network(store), "derivesFrom")
    g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0])
    check_acyclic(g)
    return g


def derivation_chain(graph: nx.DiGraph, plan: str) -> list[str]:
    """The longest chain of derivesFrom links up from ``plan``, the plan first."""
    if plan not in graph:
        return [plan]
    above = graph.subgraph(nx.descendants(graph, plan) | {plan})
    best = [plan]
    for target in sorted(above):
        for path in nx.all_simple_paths(above, plan, target):
            if len(path) > len(best) or (len(path) == len(best) and path < best):
                best = path
    return best


def implementation_chains(store: ox.Store) -> list[list[str]]:
    """Every maximal chain of implements links, lowest measure first (child -> parent -> ...)."""
    g = _relation(link_network(store), "implements")
    g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0])
    starts = sorted(n for n in g if g.in_degree(n) == 0)
    ends = {n for n in g if g.out_degree(n) == 0}
    chains = []
    for s in starts:
        for e in sorted(ends):
            chains.extend(nx.all_simple_paths(g, s, e))
    return sorted(chains)


def family_components(store: ox.Store) -> list[list[str]]:
    """Connected groups of measures joined by strong implements links or by family membership, largest first."""
    g = link_network(store)
    measures = nx.Graph()
    for a, b, d in g.edges(data=True):
        if d.get("relation") == "member" or (d.get("relation") == "implements" and d.get("strength") != "partial"):
            measures.add_edge(a, b)
    families = {n for n, d in g.nodes(data=True) if d.get("kind") == "family"}
    comps = [sorted(c - families) for c in nx.connected_components(measures)]
    return sorted((c for c in comps if len(c) > 1), key=lambda c: (-len(c), c))


def institution_centrality(store: ox.Store) -> list[tuple[str, str, float, float]]:
    """(institution, name, degree centrality, betweenness) in the graph of institutions named in one measure."""
    by_measure: dict[str, set[str]] = {}
    names = {}
    for r in _rows(store, internal_query("network_involves")):
        by_measure.setdefault(r["measure"].value, set()).add(r["institution"].value)
        if r["name"] is not None:
            names.setdefault(r["institution"].value, r["name"].value)
    g = nx.Graph()
    g.add_nodes_from(names)
    for institutions in by_measure.values():
        for a, b in combinations(sorted(institutions), 2):
            weight = g.get_edge_data(a, b, {}).get("weight", 0) + 1
            g.add_edge(a, b, weight=weight)
    degree = nx.degree_centrality(g) if len(g) > 1 else {n: 0.0 for n in g}
    between = nx.betweenness_centrality(g) if len(g) > 2 else {n: 0.0 for n in g}
    rows = [(n, names.get(n, n), round(degree[n], 4), round(between[n], 4)) for n in g]
    return sorted(rows, key=lambda r: (-r[2], -r[3], r[0]))


def graphml(store: ox.Store) -> bytes:
    """The link network as GraphML (nodes and edges in a fixed order, so two exports compare)."""
    g = link_network(store)
    ordered = nx.MultiDiGraph()
    ordered.add_nodes_from(sorted(g.nodes(data=True)))
    ordered.add_edges_from(sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])))
    buffer = io.BytesIO()
    nx.write_graphml(ordered, buffer, encoding="utf-8")
    return buffer.getvalue()
