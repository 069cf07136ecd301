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


def test_a_parameter_only_filters_use_is_written_into_them_as_its_term():
    from graph.query.bindings import inline_filter_terms

    text = """SELECT ?plan WHERE {
      { SELECT ?plan WHERE { ?plan ?p ?code FILTER(STRSTARTS(?code, ?within) && ?n >= $minimum) } }
      FILTER NOT EXISTS { ?plan ?q ?minimum }   # ?within in a comment
      BIND("?within" AS ?s)
    }"""
    terms = {"within": ox.Literal("33"),
             "minimum": ox.Literal("95", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))}
    written, rest = inline_filter_terms(text, terms, ["within", "minimum"])
    # ?within only in a FILTER expression: written in; ?minimum also in a pattern: left to VALUES
    assert 'STRSTARTS(?code, "33")' in written and "$minimum" in written and "?q ?minimum" in written
    assert rest == {"minimum": terms["minimum"]}
    assert '"?within" AS ?s' in written and "# ?within in a comment" in written     # text, not variables
    assert ox.Store().query(written) is not None
    # only the parameters asked for; none of them when none are bound
    assert inline_filter_terms(text, terms) == (text, terms)
    assert inline_filter_terms(text, {}, ["within"]) == (text, {})
    # a variable the SELECT clause projects is not written in; BOUND(?x) of one written in is true
    projected = "SELECT ?within WHERE { ?s ?p ?o FILTER(?o = ?within) }"
    assert inline_filter_terms(projected, {"within": ox.Literal("x")}, ["within"]) == (
        projected, {"within": ox.Literal("x")})
    optional = "SELECT ?s WHERE { ?s ?p ?o FILTER(!BOUND( ?k ) || CONTAINS(?o, ?k)) }"
    written, rest = inline_filter_terms(optional, {"k": ox.Literal('a "b"')}, ["k"])
    assert written == 'SELECT ?s WHERE { ?s ?p ?o FILTER(!true || CONTAINS(?o, "a \\"b\\"")) }' and rest == {}


@pytest.mark.parametrize("name", ["indicators", "weaker_targets"])
def test_a_region_prefix_keeps_the_rows_of_the_plans_in_that_region(store, store_dir, name):
    # within: 3303 is Wenzhou (330300) and its county Yueqing (330382); 330382 Yueqing alone
    codes = {p["plan"]: p["regionCode"] for p in queries.run_query("plans", store=store).records()}
    whole = queries.run_query(name, store=store).records()
    for prefix, plans in (("3303", 2), ("330382", 1), ("33", 5), ("11", 0)):
        inside = [r for r in whole if codes[r["plan"]].startswith(prefix)]
        if name == "indicators":                          # every plan has an indicator table
            assert len({r["plan"] for r in inside}) == plans
        assert queries.run_query(name, {"within": prefix}, store=store).records() == inside
        assert queries.run_query(name, {"within": prefix}, store=store_dir).records() == inside   # the worker
    wenzhou = queries.run_query(name, {"within": "3303", "plan": WENZHOU}, store=store).records()
    assert wenzhou == [r for r in whole if r["plan"] == WENZHOU] and len(wenzhou) == {"indicators": 14,
                                                                                          "weaker_targets": 3}[name]
    yueqing_rows = [r for r in whole if r["plan"] == YUEQING]
    assert yueqing_rows and queries.run_query(name, {"within": "330382"}, store=store).records() == yueqing_rows
