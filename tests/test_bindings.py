"""Parameters reach sub-SELECTs: a bound plan restricts the sub-SELECT that reads the plans' rows, with
the same rows as binding it outside (and the same on every store), so a one-plan query reads one plan."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.query import execute as queries
from graph.query.bindings import joined_subqueries, with_values

JIASHAN = "https://w3id.org/plankg/id/plan/330421-2021-2025-disability"
WENZHOU = "https://w3id.org/plankg/id/plan/330300-2021-2025-disability"
YUEQING = "https://w3id.org/plankg/id/plan/330382-2021-2025-disability"
HANGZHOU = "https://w3id.org/plankg/id/plan/330100-2021-2025-disability"


def test_only_joined_plain_projections_of_unlimited_sub_selects_are_found():
    text = """SELECT * WHERE {
      OPTIONAL { SELECT ?plan WHERE { ?plan ?p ?o } }
      { SELECT ?x WHERE { ?x ?p ?plan } }
      { SELECT ?plan WHERE { ?plan a ?c } } UNION { ?a ?b ?c }
      { SELECT (COUNT(?m) AS ?n) ?plan WHERE { ?m ?q ?plan } GROUP BY ?plan }
      { SELECT * { ?plan ?z ?y } LIMIT 3 }
      { SELECT (SAMPLE(?u) AS ?plan) { ?u ?v ?w } }
      FILTER EXISTS { SELECT ?plan WHERE { ?plan ?e ?f } }
    }"""
    assert [projected for _, projected in joined_subqueries(text)] == [
        frozenset({"x"}), frozenset({"plan"}), frozenset()]
    bound = with_values(text, {"plan": ox.NamedNode(JIASHAN)})
    # the outer group and the one grouped sub-SELECT that projects ?plan; not the OPTIONAL, UNION,
    # LIMIT, AS or FILTER ones
    assert bound.count(f"VALUES ?plan {{ <{JIASHAN}> }}") == 2
    assert "GROUP BY ?plan" in bound and ox.Store().query(bound) is not None


@pytest.mark.parametrize("name, params, column, value", [
    ("correspondences", {"plan": JIASHAN}, "plan", JIASHAN),
    ("correspondences", {"plan": HANGZHOU, "strength": "strong"}, "plan", HANGZHOU),
    ("derivation_chain", {"plan": YUEQING}, "plan", YUEQING),
    ("derivation_chain", {"plan": WENZHOU}, "plan", WENZHOU),
    ("implements", {"plan": YUEQING}, "childPlan", YUEQING),
])
def test_a_bound_plan_gives_the_rows_of_that_plan_in_the_full_listing(store, store_dir, name, params, column, value):
    query = queries.get_query(name)
    rest = queries.bind(query, {k: v for k, v in params.items() if k != "plan"})
    rest.pop("plan", None)                                 # no plan at all, not the default one
    everything = [r for r in queries.run_sparql(query.text, store=store, bindings=rest).records()
                  if r[column] == value]
    one = queries.run_query(name, params, store=store).records()
    assert one == everything and len(one) >= 3
    assert queries.run_query(name, params, store=store_dir).records() == one      # through the worker
