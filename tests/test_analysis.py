"""networkx views of the links graph: derivation (acyclic), implementation chains, families, institutions, GraphML."""
from __future__ import annotations

import io

import networkx as nx
import pytest

from graph.link.analysis import (DerivationCycleError, check_acyclic, derivation_graph, family_components, graphml,
                            implementation_chains, institution_centrality, link_network)
from graph import export


def test_derivation_graph_is_acyclic_and_holds_every_derivation(store, link_report):
    graph = derivation_graph(store)
    assert nx.is_directed_acyclic_graph(graph)
    assert graph.number_of_edges() == len(link_report.derivation.edges)
    inferred = [d for _, _, d in graph.edges(data=True) if d["inferred"]]
    assert len(inferred) == 3


def test_check_acyclic_names_the_cycle():
    g = nx.DiGraph()
    g.add_node("a", label="A plan")
    g.add_node("b", label="B plan")
    g.add_edges_from([("a", "b"), ("b", "a")])
    with pytest.raises(DerivationCycleError) as caught:
        check_acyclic(g)
    assert "A plan" in str(caught.value) and "B plan" in str(caught.value)


def test_implementation_chains_run_from_yueqing_to_wenzhou(store, plan_iris):
    chains = implementation_chains(store)
    assert len(chains) == 41
    assert all(len(c) == 2 and c[0].startswith(plan_iris["yueqing"]) and c[1].startswith(plan_iris["wenzhou"])
               for c in chains)


def test_family_components_join_cities_and_the_county(store, link_report, plan_iris):
    components = family_components(store)
    assert components and all(len(c) >= 2 for c in components)
    members = {m for f in link_report.families for m in f.members}
    assert set().union(*map(set, components)) == members
    emergency = [c for c in components if plan_iris["quzhou"] + "/measure/3.1-m5" in c]
    assert len(emergency) == 1 and plan_iris["yueqing"] + "/measure/2.1-m4" in emergency[0]


def test_institution_centrality_ranks_the_federation_first(store):
    rows = institution_centrality(store)
    assert len(rows) > 5
    assert all(0 <= degree <= 1 and 0 <= between <= 1 for _, _, degree, between in rows)
    assert rows == sorted(rows, key=lambda r: (-r[2], -r[3], r[0]))
    assert "残疾人联合会" in rows[0][1] or "残联" in rows[0][1], rows[:3]


def test_graphml_export_reads_back_with_every_link(store, link_report):
    data = export(store, "graphml")
    assert data == graphml(store)                       # deterministic
    g = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    relations = [d["relation"] for _, _, d in g.edges(data=True)]
    assert relations.count("implements") == link_report.implements
    assert relations.count("derivesFrom") == len(link_report.derivation.edges)
    assert relations.count("inferredSource") == sum(len(f.sources) for f in link_report.families)
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert {"plan", "document", "measure", "family"} <= kinds
    assert link_network(store).number_of_edges() == g.number_of_edges()
