"""No catalogue query joins an OPTIONAL (or a pattern) on a variable that is only maybe bound.

The bug this guards against (found in queries/institution_tree.rq)::

    GRAPH ?g { ?institution a pk:Institution OPTIONAL { ?institution pk:jurisdiction ?jurisdiction } }
    OPTIONAL { ?jurisdiction rdfs:label ?region }

Where the inner OPTIONAL does not match, ?jurisdiction is unbound on the left of the outer OPTIONAL,
so that OPTIONAL matches every rdfs:label of the store (on the store where it was found, 46,628 rows
instead of 4,719; the five seed plans happen not to show it). Such a pattern is not "well-designed"
(Pérez, Arenas, Gutierrez 2009).

The checker walks rdflib's SPARQL algebra bottom-up and computes for every node the variables it
binds in every solution (``certain``) and in some solutions (``possible``, a superset):

* BGP: all its variables certain (property paths bind only their subject and object).
* Join: union of certain, union of possible.
* LeftJoin (OPTIONAL): certain of the left; possible of the left and of the right.
* Union: intersection of certain, union of possible.
* Minus: the left side. Filter, Distinct, Reduced, Slice, OrderBy, Group: their pattern.
* Extend (BIND): the variable certain only if the expression certainly binds it (a constant, a
  certain variable, BOUND/EXISTS, COALESCE with a certain argument, IF on BOUND/EXISTS with two
  certain branches), otherwise possible.
* Project: what the pattern binds, restricted to the projected variables (a sub-SELECT hides the rest).
* AggregateJoin: the aggregate results; COUNT and GROUP_CONCAT certain, the others (SAMPLE, MIN,
  MAX, SUM, AVG) certain only over a certain argument.
* VALUES (``values``/``ToMultiSet``): a variable certain only if no row leaves it UNDEF.
* GRAPH ?g: ?g certain, plus what its pattern binds.

An offence is, where ``maybe`` = possible - certain:

* a LeftJoin whose right side binds a variable that is maybe-bound on its left (the bug above: where
  the left leaves it unbound, the OPTIONAL matches with it free, pairing each row with every match);
* a Join where one side binds a variable that the other side binds only maybe (an unbound value is
  compatible with every value, so the same explosion happens).

Filters (including the one of an OPTIONAL) are not offences: an unbound variable there makes the
filter fail, it does not add rows. EXISTS patterns are checked as patterns of their own.

Parameters. A catalogue query's parameters are bound at run time (graph.query.bindings /
graph.query.execute): a one-row VALUES block at the start of the query's WHERE group and of each
joined sub-SELECT projecting them (Oxigraph's substitution of a projected parameter is equivalent
for the outer query). The checker therefore joins them at the leftmost position of the top-level
group (and of such a sub-SELECT): a parameter the header marks ``required: true`` is certainly
bound; any other one is only possibly bound, *even with a default*, because ``bind()`` leaves a
non-required parameter unbound when the caller passes an empty value. Consequences:

* an OPTIONAL that binds an optional parameter its left side does not certainly bind is flagged
  (omit the parameter and the OPTIONAL pairs each row with every value);
* a plain Join of a pattern with a maybe-bound parameter is *not* flagged: "omitted: every value,
  given: that value" is exactly what an optional parameter means. The join check counts only
  variables that patterns (not the parameter block) bind, on both sides. (Not covered: a given
  parameter sent as VALUES does not reach a nested group, where Oxigraph's substitution does.)
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Identifier, Variable

from graph.query import catalogue

CATALOGUE = catalogue()


@dataclass(frozen=True)
class Bound:
    """What a pattern binds: in every solution, in some, and which of those a pattern (not a parameter) binds."""
    certain: frozenset = frozenset()
    possible: frozenset = frozenset()      # a superset of certain
    pattern: frozenset = frozenset()       # bound by the query's own patterns (possible minus parameter-only ones)

    @property
    def maybe(self) -> frozenset:
        return self.possible - self.certain

    def join(self, other: Bound) -> Bound:
        return Bound(self.certain | other.certain, self.possible | other.possible, self.pattern | other.pattern)


NOTHING = Bound()


def _all(variables) -> Bound:
    variables = frozenset(variables)
    return Bound(variables, variables, variables)


@dataclass(frozen=True)
class Offence:
    kind: str          # "OPTIONAL" or "join"
    variable: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind} on ?{self.variable}: {self.detail}"


_PASS_THROUGH = ("Distinct", "Reduced", "Slice", "OrderBy", "Group")
_CERTAIN_AGGREGATES = ("Aggregate_Count", "Aggregate_GroupConcat")
_NEVER_FAILS = ("Builtin_BOUND", "Builtin_EXISTS", "Builtin_NOTEXISTS")


class Checker:
    def __init__(self):
        self.offences: list[Offence] = []

    # -- patterns ----------------------------------------------------------------------------

    def pattern(self, node, seed: Bound = NOTHING) -> Bound:
        """What ``node`` binds. ``seed`` is a parameter block joined at the leftmost position of the
        group ``node`` is the spine of (it reaches the left operand of joins, never an OPTIONAL's right)."""
        name = node.name
        if name in ("SelectQuery", "AskQuery", "ConstructQuery", "DescribeQuery") or name in _PASS_THROUGH:
            return self.pattern(node.p, seed)
        if name == "Project":
            inner = self.pattern(node.p, seed)
            keep = frozenset(node.PV)
            return Bound(inner.certain & keep, inner.possible & keep, inner.pattern & keep)
        if name == "Filter":
            inner = self.pattern(node.p, seed)
            self.expression(node.expr, inner)
            return inner
        if name == "Extend":
            inner = self.pattern(node.p, seed)
            self.expression(node.expr, inner)
            var = frozenset([node.var])
            certain = var if self.certainly_binds(node.expr, inner.certain) else frozenset()
            return Bound(inner.certain | certain, inner.possible | var, inner.pattern | var)
        if name == "Join":
            left = self.pattern(node.p1, seed)
            # a sub-SELECT joined here gets its own parameter block; anything else is a group of its own
            right = self.leaf(node.p2, seed) if self.is_subselect(node.p2) else self.pattern(node.p2)
            self.check_join(left, right, node.p2)
            self.check_join(right, left, node.p1)
            return left.join(right)
        if name == "LeftJoin":
            left = self.pattern(node.p1, seed)
            right = self.pattern(node.p2)
            self.expression(node.expr, left.join(right))
            for v in sorted(left.maybe & right.possible):
                self.offences.append(Offence(
                    "OPTIONAL", str(v), f"its pattern {describe(node.p2)} binds ?{v}, which the left side "
                    "binds only in some solutions: where it is unbound there, the OPTIONAL matches every value"))
            return Bound(left.certain, left.possible | right.possible, left.pattern | right.pattern)
        if name == "Minus":
            left = self.pattern(node.p1, seed)
            self.pattern(node.p2)
            return left
        if name == "AggregateJoin":
            group = self.pattern(node.p, seed)
            certain, possible = set(), set()
            for aggregate in node.A:
                possible.add(aggregate.res)
                if aggregate.name in _CERTAIN_AGGREGATES or (
                        aggregate.vars != "*" and self.certainly_binds(aggregate.vars, group.certain)):
                    certain.add(aggregate.res)
            return Bound(frozenset(certain), frozenset(possible), frozenset(possible))
        # the leaves of a group's spine: the parameter block is joined with them (no check: see above)
        return seed.join(self.leaf(node, seed))

    def leaf(self, node, seed: Bound = NOTHING) -> Bound:
        """What a leaf of a group's spine binds; ``seed``, the group's parameter block, matters only
        to a sub-SELECT, which gets the parameters it projects (see ``subselect_seed``)."""
        name = node.name
        if name == "BGP":
            return _all(x for triple in node.triples for x in triple if isinstance(x, Variable))
        if name == "Graph":
            inner = self.pattern(node.p)
            return inner.join(_all([node.term] if isinstance(node.term, Variable) else []))
        if name == "Union":
            a, b = self.pattern(node.p1), self.pattern(node.p2)
            return Bound(a.certain & b.certain, a.possible | b.possible, a.pattern | b.pattern)
        if name == "ToMultiSet":
            if node.p.name == "values":
                return self.leaf(node.p)
            return self.pattern(node.p, self.subselect_seed(node, seed))
        if name == "values":
            # rdflib gives UNDEF as the plain string "UNDEF", a value as an RDF term
            rows = [{v for v, term in row.items() if isinstance(term, Identifier)} for row in node.res]
            possible = frozenset().union(*rows) if rows else frozenset()
            certain = frozenset.intersection(*map(frozenset, rows)) if rows else frozenset()
            return Bound(certain, possible, possible)
        raise NotImplementedError(f"the checker does not know the algebra node {name}")

    @staticmethod
    def is_subselect(node) -> bool:
        return node.name == "ToMultiSet" and node.p.name != "values"

    def subselect_seed(self, node, seed: Bound) -> Bound:
        """The parameter block a sub-SELECT joined in the parameters' group gets
        (graph.query.bindings.with_values): the parameters it projects, unless it has LIMIT/OFFSET."""
        if not self.is_subselect(node) or not seed.possible:
            return NOTHING
        top = node.p
        while top.name in ("Distinct", "Reduced", "OrderBy"):
            top = top.p
        if top.name != "Project":                       # Slice: LIMIT/OFFSET, no block
            return NOTHING
        keep = frozenset(top.PV)
        return Bound(seed.certain & keep, seed.possible & keep, frozenset())

    def check_join(self, side: Bound, other: Bound, other_node) -> None:
        # only what patterns bind counts here: the parameter block, given, binds its variable
        # throughout the group (Oxigraph substitutes it as a constant) and, left out, binds nothing
        for v in sorted(side.maybe & side.pattern & other.pattern):
            self.offences.append(Offence(
                "join", str(v), f"?{v} is bound only in some solutions on one side and joined with "
                f"{describe(other_node)}: where it is unbound, every value of the other side pairs with it"))

    # -- expressions -------------------------------------------------------------------------

    def expression(self, expr, context: Bound) -> None:
        """Check the patterns of EXISTS / NOT EXISTS in an expression; the solution's values reach them."""
        if isinstance(expr, CompValue):
            if expr.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
                self.pattern(expr.graph, Bound(context.certain, context.possible, frozenset()))
                return
            for value in expr.values():
                self.expression(value, context)
        elif isinstance(expr, (list, tuple)):
            for value in expr:
                self.expression(value, context)

    def certainly_binds(self, expr, certain: frozenset) -> bool:
        """Whether the expression has a value in every solution where ``certain`` are bound."""
        if isinstance(expr, Variable):
            return expr in certain
        if isinstance(expr, Identifier):                # an IRI or a literal
            return True
        if not isinstance(expr, CompValue):
            return False
        if expr.name in _NEVER_FAILS:
            return True
        if expr.name == "Builtin_COALESCE":
            return any(self.certainly_binds(arg, certain) for arg in expr.arg)
        if expr.name == "Builtin_IF":
            condition = expr.arg1
            return (isinstance(condition, CompValue) and condition.name in _NEVER_FAILS
                    and self.certainly_binds(expr.arg2, certain) and self.certainly_binds(expr.arg3, certain))
        return False


def describe(node) -> str:
    """A short name of a pattern for messages: its kind and variables."""
    variables = sorted(str(v) for v in (getattr(node, "_vars", None) or ()) if not str(v).startswith("__"))
    return f"{node.name}(?{', ?'.join(variables)})" if variables else node.name


def offences(text: str, required: tuple = (), optional: tuple = ()) -> list[Offence]:
    """The offences of a query text whose parameters are ``required`` (certainly bound) and
    ``optional`` (possibly bound) variable names."""
    algebra = translateQuery(parseQuery(text)).algebra
    required = frozenset(Variable(v) for v in required)
    seed = Bound(required, required | frozenset(Variable(v) for v in optional), frozenset())
    checker = Checker()
    checker.pattern(algebra, seed)
    return checker.offences


def catalogue_offences(name: str) -> list[Offence]:
    query = CATALOGUE[name]
    return offences(query.text,
                    required=tuple(p.name for p in query.params if p.required),
                    optional=tuple(p.name for p in query.params if not p.required))


# ---------------------------------------------------------------------------------------------
# The catalogue
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_no_optional_or_join_on_a_maybe_bound_variable(name):
    found = catalogue_offences(name)
    assert not found, f"{name}.rq:\n  " + "\n  ".join(map(str, found))


# ---------------------------------------------------------------------------------------------
# The checker itself: it catches the bug it is for, and passes the fixed forms
# ---------------------------------------------------------------------------------------------

PREFIXES = """PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

INSTITUTION_TREE_BUG = PREFIXES + """
SELECT DISTINCT ?concept ?institution ?name ?region WHERE {
  GRAPH ?g {
    ?institution pk:institutionType ?concept ; rdfs:label ?name .
    OPTIONAL { ?institution pk:jurisdiction ?jurisdiction }
  }
  OPTIONAL { ?jurisdiction rdfs:label ?region }
}"""

INSTITUTION_TREE_FIXED = PREFIXES + """
SELECT DISTINCT ?concept ?institution ?name ?region WHERE {
  GRAPH ?g { ?institution pk:institutionType ?concept ; rdfs:label ?name . }
  OPTIONAL {
    GRAPH ?g { ?institution pk:jurisdiction ?jurisdiction }
    ?jurisdiction rdfs:label ?region .
  }
}"""


def names(found: list[Offence]) -> list[tuple[str, str]]:
    return [(o.kind, o.variable) for o in found]


def test_the_institution_tree_bug_is_caught_and_its_fix_passes():
    assert names(offences(INSTITUTION_TREE_BUG)) == [("OPTIONAL", "jurisdiction")]
    assert offences(INSTITUTION_TREE_FIXED) == []


def test_nested_optional_is_the_well_designed_form():
    nested = PREFIXES + """SELECT * WHERE {
      ?i a pk:Institution OPTIONAL { ?i pk:jurisdiction ?j OPTIONAL { ?j rdfs:label ?region } } }"""
    assert offences(nested) == []


@pytest.mark.parametrize("where, expected", [
    # bound in one UNION branch only, then looked up in an OPTIONAL
    ("{ ?a pk:p ?x } UNION { ?a pk:q ?y } OPTIONAL { ?x rdfs:label ?l }", [("OPTIONAL", "x")]),
    # bound in both branches: fine
    ("{ ?a pk:p ?x } UNION { ?a pk:q ?x } OPTIONAL { ?x rdfs:label ?l }", []),
    # maybe-bound by an OPTIONAL, then joined with a plain pattern
    ("?a pk:p ?b OPTIONAL { ?a pk:q ?x } ?x rdfs:label ?l", [("join", "x")]),
    # a BIND that may fail, then an OPTIONAL on it
    ("?a pk:p ?b BIND(IRI(?b) AS ?x) OPTIONAL { ?x rdfs:label ?l }", [("OPTIONAL", "x")]),
    # a BIND that always binds: fine
    ("?a pk:p ?b OPTIONAL { ?a pk:q ?c } BIND(COALESCE(?c, ?a) AS ?x) OPTIONAL { ?x rdfs:label ?l }", []),
    # a VALUES row with UNDEF
    ("VALUES ?x { pk:a UNDEF } ?a pk:p ?b OPTIONAL { ?x rdfs:label ?l }", [("OPTIONAL", "x")]),
    ("VALUES ?x { pk:a pk:b } ?a pk:p ?b OPTIONAL { ?x rdfs:label ?l }", []),
    # a filter on a maybe-bound variable adds no rows
    ("?a pk:p ?b OPTIONAL { ?a pk:q ?x } OPTIONAL { ?a rdfs:label ?l FILTER(?l != ?x) }", []),
    # a sub-SELECT hides the variables it does not project
    ("?a pk:p ?b OPTIONAL { ?a pk:q ?x } OPTIONAL { SELECT ?a WHERE { ?a pk:r ?x } }", []),
    ("?a pk:p ?b OPTIONAL { ?a pk:q ?x } OPTIONAL { SELECT ?x WHERE { ?x pk:r ?c } }", [("OPTIONAL", "x")]),
    # inside an EXISTS
    ("?a pk:p ?b FILTER EXISTS { ?a pk:q ?b OPTIONAL { ?a pk:r ?x } OPTIONAL { ?x rdfs:label ?l } }",
     [("OPTIONAL", "x")]),
])
def test_the_rules(where, expected):
    assert names(offences(PREFIXES + f"SELECT * WHERE {{ {where} }}")) == expected


def test_parameters():
    # an OPTIONAL on a parameter the left side does not bind: fine when it is required,
    # flagged when it is optional (left out, the OPTIONAL pairs every row with every value)
    text = PREFIXES + "SELECT ?a ?l WHERE { ?a pk:p ?b OPTIONAL { ?plan rdfs:label ?l } }"
    assert offences(text, required=("plan",)) == []
    assert names(offences(text, optional=("plan",))) == [("OPTIONAL", "plan")]
    # an optional parameter restricting a pattern, after an OPTIONAL: what it is for
    text = PREFIXES + "SELECT ?a WHERE { ?a pk:p ?b OPTIONAL { ?a pk:q ?c } ?a pk:inPlan ?plan }"
    assert offences(text, optional=("plan",)) == []
    # and bound by the pattern on the left: fine
    text = PREFIXES + "SELECT ?a ?l WHERE { ?a pk:inPlan ?plan OPTIONAL { ?plan rdfs:label ?l } }"
    assert offences(text, optional=("plan",)) == []
    # a joined sub-SELECT projecting the parameter gets the block too; one in an OPTIONAL does not,
    # but then the OPTIONAL itself binds the maybe-bound parameter
    inner = "SELECT ?a ?plan ?l WHERE { ?a pk:p ?b OPTIONAL { ?plan rdfs:label ?l } }"
    text = PREFIXES + f"SELECT ?a ?l WHERE {{ ?a pk:q ?c {{ {inner} }} }}"
    assert offences(text, required=("plan",)) == []
    assert names(offences(text, optional=("plan",))) == [("OPTIONAL", "plan")]
    text = PREFIXES + f"SELECT ?a ?l WHERE {{ ?a pk:q ?c OPTIONAL {{ {inner} }} }}"
    assert names(offences(text, optional=("plan",))) == [("OPTIONAL", "plan")]


def test_every_inline_parameter_is_used_only_in_filters():
    # an `inline: true` parameter used anywhere else would silently travel in VALUES after all
    import re

    import pyoxigraph as ox

    from graph.query.bindings import inline_filter_terms

    inlined = {(name, p) for name, q in CATALOGUE.items() for p in q.inlined}
    assert {("indicators", "within"), ("weaker_targets", "within")} <= inlined
    for name, param in inlined:
        text, rest = inline_filter_terms(CATALOGUE[name].text, {param: ox.Literal("33")}, [param])
        assert rest == {} and not re.search(rf"[?$]{param}\b", text.split("WHERE", 1)[1]), (name, param)
