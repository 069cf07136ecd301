"""The link shapes compiled to SPARQL and run inside the store: pySHACL's verdict on the links graph,
without decoding its quads into Python.

Validating the links graph with a SHACL engine means handing it every link quad (16.8 million at 3,000
plans): decoding them costs about 10 µs a quad and pyshacl-turbo 5 s per 100,000 triples, 20 minutes in
all. The link shapes use a small part of SHACL Core, and each part is one SPARQL query that returns
only the violations (the SHACL specification defines the core components by such queries), so the
store evaluates them over its own indexes:

* targets: ``sh:targetClass`` (an explicit ``rdf:type``) and ``sh:targetSubjectsOf``;
* property shapes with an IRI ``sh:path`` and ``sh:minCount``, ``sh:maxCount``, ``sh:datatype``,
  ``sh:nodeKind``, ``sh:class``, ``sh:in``, ``sh:hasValue``, ``sh:minInclusive``, ``sh:maxInclusive``,
  ``sh:minExclusive``, ``sh:maxExclusive``, ``sh:minLength``, ``sh:maxLength``, ``sh:pattern``, each with
  its own ``sh:message``;
* SPARQL-based constraints (``sh:sparql`` with ``sh:select``) on node shapes, ``$this`` used only in the
  query's top-level group.

The data graph is the one ``graph.rdf.validate.links_data_graph`` gives the reference engine: the links
graph plus the types, plans, regions and region chains of the nodes it names. A path or target
predicate is read from the links graph; the nodes' types (``sh:class`` and the targets) from every
graph; the SPARQL constraints over the union of the graphs, which holds that data graph and, for
queries that follow links from ``$this`` as ours do, gives the same rows. Anything else (a shape part
not listed, ``rdfs:subClassOf`` in the links graph, a path predicate of the context, triples in the
store's default graph, a predicate of a SPARQL constraint written outside the links graph and the
context) raises ``Unsupported``, and the caller validates with the SHACL engine in batches instead.
``tests/test_shacl_sparql.py`` holds this engine to pySHACL's verdict, row for row and message for
message, on the five plans' links graph, on a links graph broken by every link-shape case, and on a
small graph for the components the link shapes do not use yet.

Cost: a violation is rare, so each property shape is first screened by one grouped query over its
focus nodes (too few or too many values, or a value some component rejects); the exact query of each
component runs only for the focus nodes a screen found. ``sh:class`` (an anti-join with the typed
nodes) and the SPARQL constraints run as they are. At 3,000 plans: 132 s, where pyshacl-turbo in
batches took 1,234 s.
"""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Optional

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF as RDFNS, RDFS, SH, XSD

from graph.rdf.namespace import LINKS_GRAPH, PK

# what links_context copies from the other graphs: a path over one of these would need its rows too
CONTEXT_PREDICATES = frozenset(str(p) for p in (RDFNS.type, PK.inPlan, PK.region, PK.coversRegion, PK.partOf))
# SPARQL casts that accept exactly the lexical forms of their datatype (sh:datatype's well-formedness)
CASTS = {str(XSD[name]) for name in ("boolean", "decimal", "integer", "double", "float", "date", "dateTime")}
_VALUE_COMPONENTS = ("datatype", "nodeKind", "class", "in", "minInclusive", "maxInclusive", "minExclusive",
                     "maxExclusive", "minLength", "maxLength", "pattern")
_KNOWN = {SH.path, SH.message, SH.severity, SH.deactivated, SH.name, SH.description, SH.order, SH.group,
          RDFNS.type, RDFS.comment, RDFS.label} | {SH[c] for c in _VALUE_COMPONENTS} | {
          SH.minCount, SH.maxCount, SH.hasValue, SH.flags}
_NODE_KNOWN = {SH.targetClass, SH.targetSubjectsOf, SH.property, SH.sparql, SH.message, SH.severity,
               SH.deactivated, RDFNS.type, RDFS.comment, RDFS.label, SH.name, SH.description}
_NODE_KINDS = {
    SH.IRI: "isIRI(?value)", SH.BlankNode: "isBlank(?value)", SH.Literal: "isLiteral(?value)",
    SH.BlankNodeOrIRI: "(isBlank(?value) || isIRI(?value))", SH.BlankNodeOrLiteral: "(isBlank(?value) || isLiteral(?value))",
    SH.IRIOrLiteral: "(isIRI(?value) || isLiteral(?value))",
}


TARGETS = "%TARGETS%"


class Unsupported(ValueError):
    """A shape (or the store) this engine cannot check exactly: validate with a SHACL engine instead."""


@dataclass(frozen=True)
class Check:
    """One constraint of one shape as a query whose rows are its violations."""
    shape: str                      # the shape the result names (sh:sourceShape)
    component: str                  # sh:sourceConstraintComponent
    query: str
    message: str                    # sh:message; a SPARQL constraint's may hold {?var} placeholders
    severity: str
    path: Optional[str] = None      # sh:resultPath (property shapes)
    constraint: Optional[str] = None    # the SPARQL constraint node (sh:sourceConstraint)
    value_is_focus: bool = False    # a node shape's SPARQL constraint reports the focus node as sh:value
    targets: str = ""               # the pattern binding ?this to the focus nodes (TARGETS in ``query``)
    screen: Optional[str] = None    # one query over the property's focus nodes that finds every focus
                                    # node this check (and the others of its property) could report
    reads: frozenset[str] = frozenset()     # the predicates a SPARQL constraint's query uses

    def text(self, focus: Optional[list[ox.NamedNode]] = None) -> str:
        """The query over every focus node, or over ``focus`` only."""
        if focus is None:
            return self.query.replace(TARGETS, self.targets)
        return self.query.replace(TARGETS, "VALUES ?this { " + " ".join(str(f) for f in focus) + " }")


def _term(node) -> str:
    """An rdflib term in SPARQL syntax."""
    return node.n3()


def _one(shapes: rdflib.Graph, node, predicate):
    values = list(shapes.objects(node, predicate))
    if len(values) > 1:
        raise Unsupported(f"{node}: more than one {predicate}")
    return values[0] if values else None


def _message(shapes: rdflib.Graph, node) -> str:
    messages = list(shapes.objects(node, SH.message))
    if len(messages) != 1:
        raise Unsupported(f"{node}: needs exactly one sh:message (has {len(messages)})")
    return str(messages[0])


def _severity(shapes: rdflib.Graph, node, default: str = str(SH.Violation)) -> str:
    severity = _one(shapes, node, SH.severity)
    return str(severity) if severity is not None else default


def _targets(shapes: rdflib.Graph, shape, typed_elsewhere: Optional[frozenset[str]]) -> str:
    """A group pattern binding ?this to each focus node of ``shape``, once.

    ``typed_elsewhere``: the target classes some node the links graph names is typed with in another
    graph (the context copies the types of every node the links graph names); None: any may be."""
    links = f"<{LINKS_GRAPH}>"
    branches = []
    for cls in sorted(shapes.objects(shape, SH.targetClass)):
        c = _term(cls)
        branches.append(f"{{ GRAPH {links} {{ ?this a {c} }} }}")
        if typed_elsewhere is None or str(cls) in typed_elsewhere:
            branches.append(f"{{ GRAPH ?typedIn {{ ?this a {c} }} FILTER(?typedIn != {links}) "
                            f"FILTER EXISTS {{ GRAPH {links} {{ {{ ?this ?named ?any }} UNION {{ ?any ?named ?this }} }} }} }}")
    for predicate in sorted(shapes.objects(shape, SH.targetSubjectsOf)):
        if str(predicate) in CONTEXT_PREDICATES:
            raise Unsupported(f"{shape}: sh:targetSubjectsOf {predicate} is read from the context")
        branches.append(f"{{ SELECT DISTINCT ?this WHERE {{ GRAPH {links} {{ ?this {_term(predicate)} ?any }} }} }}")
    if not branches:
        raise Unsupported(f"{shape}: no target this engine reads")
    if len(branches) == 1:
        return branches[0]
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(branches) + " } }"


def typed_elsewhere(store: ox.Store, shapes: rdflib.Graph, node_shapes) -> frozenset[str]:
    """The target classes of ``node_shapes`` that some node has in a graph other than the links graph
    (a superset of those a node the links graph names has there: the targets then look there too).

    One index lookup per graph and class: an ASK over every typed node took 19 s at 3,000 plans."""
    links, rdf_type = ox.NamedNode(LINKS_GRAPH), ox.NamedNode(str(RDFNS.type))
    graphs = [g for g in store.named_graphs() if g != links] + [ox.DefaultGraph()]
    found = set()
    for cls in sorted({c for s in node_shapes for c in shapes.objects(rdflib.URIRef(str(s)), SH.targetClass)}):
        node = ox.NamedNode(str(cls))
        if any(next(iter(store.quads_for_pattern(None, rdf_type, node, g)), None) is not None for g in graphs):
            found.add(str(cls))
    return frozenset(found)


_BOUNDS = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">", "maxExclusive": "<"}   # what a value must be
_LENGTHS = {"minLength": "<", "maxLength": ">"}                                              # what violates


def _literal_test(node, operator: str) -> str:
    return f"COALESCE(?value {operator} {_term(node)}, false)"


def _value_condition(shapes: rdflib.Graph, prop, component: str, argument) -> str:
    """The condition a value node meets when it VIOLATES ``component`` (a SPARQL expression)."""
    if component == "datatype":
        datatype = str(argument)
        if datatype == str(XSD.string):
            return f"!(isLiteral(?value) && sameTerm(datatype(?value), {_term(argument)}))"
        if datatype not in CASTS:
            raise Unsupported(f"{prop}: sh:datatype {datatype} (no cast checks its lexical forms)")
        return (f"!(isLiteral(?value) && sameTerm(datatype(?value), {_term(argument)}) && "
                f"COALESCE(BOUND(?value) && isLiteral({_term(argument)}(STR(?value))), false))")
    if component == "nodeKind":
        if argument not in _NODE_KINDS:
            raise Unsupported(f"{prop}: sh:nodeKind {argument}")
        return f"!{_NODE_KINDS[argument]}"
    if component == "in":
        members = list(rdflib.collection.Collection(shapes, argument))
        return "!(" + " || ".join(f"sameTerm(?value, {_term(m)})" for m in members) + ")" if members else "true"
    if component in _BOUNDS:
        return f"!{_literal_test(argument, _BOUNDS[component])}"
    if component in _LENGTHS:
        return f"(isBlank(?value) || STRLEN(STR(?value)) {_LENGTHS[component]} {int(argument)})"
    if component == "pattern":
        flags = _one(shapes, prop, SH.flags)
        pattern = rdflib.Literal(str(argument)).n3()
        extra = f", {rdflib.Literal(str(flags)).n3()}" if flags is not None else ""
        return f"(isBlank(?value) || !REGEX(STR(?value), {pattern}{extra}))"
    raise Unsupported(f"{prop}: sh:{component}")


def _property_checks(shapes: rdflib.Graph, node_shape, prop, elsewhere: Optional[frozenset[str]]) -> list[Check]:
    """A check per constraint of one property shape, and one screening query for all but sh:class:
    the focus nodes with too few or too many values or a value some component rejects (a violation is
    rare, so the exact per-component queries then run for those focus nodes only)."""
    for predicate in set(shapes.predicates(prop, None)):
        if predicate not in _KNOWN:
            raise Unsupported(f"{prop}: {predicate} is not a part this engine checks")
    path = _one(shapes, prop, SH.path)
    if not isinstance(path, rdflib.URIRef):
        raise Unsupported(f"{prop}: sh:path must be one IRI")
    if str(path) in CONTEXT_PREDICATES:
        raise Unsupported(f"{prop}: sh:path {path} is read from the context")
    message, severity, targets = _message(shapes, prop), _severity(shapes, prop), _targets(shapes, node_shape, elsewhere)
    links, p = f"<{LINKS_GRAPH}>", _term(path)
    values = f"GRAPH {links} {{ ?this {p} ?value }}"
    checks, screened, flags = [], [], []

    def check(component: str, query: str, screen: bool = True) -> None:
        made = Check(str(prop), str(SH[component[0].upper() + component[1:] + "ConstraintComponent"]),
                     query, message, severity, path=str(path), targets=targets)
        (screened if screen else checks).append(made)

    minimum = _one(shapes, prop, SH.minCount)
    if minimum is not None and int(minimum) > 0:
        flags.append(f"COUNT(DISTINCT ?value) < {int(minimum)}")
        if int(minimum) == 1:
            check("minCount", f"SELECT ?this WHERE {{ {TARGETS} MINUS {{ {values} }} }}")
        else:
            check("minCount", f"SELECT ?this WHERE {{ {TARGETS} OPTIONAL {{ {values} }} }} "
                              f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {int(minimum)})")
    maximum = _one(shapes, prop, SH.maxCount)
    if maximum is not None:
        flags.append(f"COUNT(DISTINCT ?value) > {int(maximum)}")
        check("maxCount", f"SELECT ?this WHERE {{ {TARGETS} {values} }} "
                          f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {int(maximum)})")
    has_value = _one(shapes, prop, SH.hasValue)
    if has_value is not None:
        flags.append(f"SUM(COALESCE(IF(sameTerm(?value, {_term(has_value)}), 1, 0), 0)) = 0")
        check("hasValue", f"SELECT ?this WHERE {{ {TARGETS} MINUS {{ GRAPH {links} {{ ?this {p} {_term(has_value)} }} }} }}")
    rejects = []
    for component in _VALUE_COMPONENTS:
        argument = _one(shapes, prop, SH[component])
        if argument is None:
            continue
        if component == "class":
            c = _term(argument)
            # an IRI value is typed in any graph (the context copies its types); any other value in the
            # links graph only. MINUS joins once over all typed nodes; a NOT EXISTS per value row took
            # 20 s over 200,000 correspondences
            check(component, f"SELECT ?this ?value WHERE {{ {TARGETS} {values} "
                             f"MINUS {{ ?value a {c} FILTER(isIRI(?value)) }} MINUS {{ GRAPH {links} {{ ?value a {c} }} }} }}",
                  screen=False)
        else:
            condition = _value_condition(shapes, prop, component, argument)
            rejects.append(condition)
            check(component, f"SELECT ?this ?value WHERE {{ {TARGETS} {values} FILTER({condition}) }}")
    if rejects:       # an error counts as a rejection: the screen may find more, never fewer
        flags.append("SUM(COALESCE(IF(BOUND(?value) && (" + " || ".join(rejects) + "), 1, 0), 1)) > 0")
    if screened:
        screen = (f"SELECT ?this WHERE {{ {targets} OPTIONAL {{ {values} }} }} GROUP BY ?this "
                  f"HAVING ({' || '.join(flags)})")
        checks.extend(Check(c.shape, c.component, c.query, c.message, c.severity, c.path, targets=targets,
                            screen=screen) for c in screened)
    return checks


_PROLOGUE = re.compile(r"^\s*((?:(?:PREFIX\s+[\w-]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*)", re.IGNORECASE)


def _top_level_only(body: str, variable: str) -> bool:
    """Whether ``variable`` occurs only in the outermost group of ``body`` (pre-binding $this and joining
    with the targets then agree; inside EXISTS, MINUS, OPTIONAL or a sub-select they may not)."""
    depth = 0
    for i, char in enumerate(body):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif body.startswith(variable, i) and not (body[i + len(variable):i + len(variable) + 1].isalnum()):
            if depth != 1:
                return False
    return True


def _sparql_check(shapes: rdflib.Graph, node_shape, constraint, elsewhere: Optional[frozenset[str]]) -> Check:
    select = _one(shapes, constraint, SH.select)
    if select is None or _one(shapes, constraint, SH.ask) is not None:
        raise Unsupported(f"{constraint}: only sh:select constraints")
    if (_one(shapes, constraint, SH.deactivated) or rdflib.Literal(False)).toPython() is True:
        raise Unsupported(f"{constraint}: deactivated")
    text = str(select)
    prologue = _PROLOGUE.match(text).group(1)
    query = text[len(prologue):].strip()
    head = re.match(r"SELECT\s+(DISTINCT\s+)?(.*?)\s+WHERE\s*(\{.*\})\s*((?:GROUP\s+BY|HAVING)\b[^{}]*)?$", query,
                    re.IGNORECASE | re.DOTALL)
    if head is None:
        raise Unsupported(f"{constraint}: sh:select is not of the form SELECT … WHERE {{ … }} [GROUP BY …] [HAVING …]")
    projection, body, tail = head.group(2), head.group(3), head.group(4) or ""
    # the names a row binds: plain variables and the names of expressions (``(MIN(?m) AS ?value)``)
    projected = re.findall(r"\bAS\s+[?$](\w+)\s*\)", projection, re.IGNORECASE) + re.findall(
        r"[?$](\w+)", re.sub(r"\((?:[^()]|\([^()]*\))*\)", " ", projection))
    if "this" not in projected or re.search(r"\b(GROUP|ORDER|LIMIT|OFFSET|VALUES|HAVING)\b", body, re.IGNORECASE):
        raise Unsupported(f"{constraint}: $this must be selected and the query a plain group")
    if tail and not re.search(r"GROUP\s+BY\s[^H]*[?$]this\b", tail, re.IGNORECASE):
        raise Unsupported(f"{constraint}: a grouped query must group by $this")
    if not _top_level_only(body, "$this") or not _top_level_only(body, "?this"):
        raise Unsupported(f"{constraint}: $this inside a nested group")
    body, projection, tail = (part.replace("$this", "?this") for part in (body, projection, tail))
    variables = " ".join("?" + v for v in dict.fromkeys(projected))
    inner = variables if not tail else projection
    sparql = (f"{prologue}SELECT DISTINCT {variables} WHERE {{ {TARGETS} "
              f"{{ SELECT {inner} WHERE {body} {tail} }} }}")
    targets = _targets(shapes, node_shape, elsewhere)
    return Check(str(node_shape), str(SH.SPARQLConstraintComponent), sparql, _message(shapes, constraint),
                 _severity(shapes, node_shape), constraint=str(constraint), value_is_focus=True,
                 targets=targets, reads=frozenset(_predicates(sparql.replace(TARGETS, targets))))


def compile_shapes(shapes: rdflib.Graph, node_shapes, elsewhere: Optional[frozenset[str]] = None) -> list[Check]:
    """The checks of ``node_shapes`` and their property shapes; ``Unsupported`` when one cannot be compiled.

    ``elsewhere``: what ``typed_elsewhere`` found in the store to be checked (None: assume any class)."""
    checks: list[Check] = []
    for shape in node_shapes:
        shape = rdflib.URIRef(str(shape))
        if (_one(shapes, shape, SH.deactivated) or rdflib.Literal(False)).toPython() is True:
            continue
        for predicate in set(shapes.predicates(shape, None)):
            if predicate not in _NODE_KNOWN:
                raise Unsupported(f"{shape}: {predicate} is not a part this engine checks")
        for prop in sorted(shapes.objects(shape, SH.property)):
            if (_one(shapes, prop, SH.deactivated) or rdflib.Literal(False)).toPython() is True:
                continue
            checks.extend(_property_checks(shapes, shape, prop, elsewhere))
        for constraint in sorted(shapes.objects(shape, SH.sparql)):
            checks.append(_sparql_check(shapes, shape, constraint, elsewhere))
    return checks


def _predicates(query: str) -> set[str]:
    """The IRIs a SPARQL query uses as predicates (in triple patterns and property paths)."""
    from rdflib.paths import Path
    from rdflib.plugins.sparql import prepareQuery

    found: set[str] = set()

    def path_iris(path) -> None:
        if isinstance(path, rdflib.URIRef):
            found.add(str(path))
        elif isinstance(path, Path):
            for attribute in ("arg", "path"):
                if hasattr(path, attribute):
                    path_iris(getattr(path, attribute))
            for part in getattr(path, "args", ()):
                path_iris(part)

    def walk(node) -> None:
        if isinstance(node, dict):
            if getattr(node, "name", None) in ("BGP", "TriplesBlock"):     # TriplesBlock: inside EXISTS
                for triple in node["triples"]:
                    path_iris(triple[1])
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)

    try:
        algebra = prepareQuery(query).algebra
    except Exception as problem:           # rdflib's parser raises pyparsing's and its own errors
        raise Unsupported(f"the query does not parse: {problem}") from None
    walk(algebra)
    return found


def check_store(store: ox.Store, checks: list[Check]) -> None:
    """``Unsupported`` when the store holds what the compiled checks would read differently from the
    reference engine's data graph."""
    links = f"<{LINKS_GRAPH}>"
    if store.query(f"ASK {{ GRAPH {links} {{ ?a <{RDFS.subClassOf}> ?b }} }}"):
        raise Unsupported("the links graph holds rdfs:subClassOf triples (sh:class and targets would follow them)")
    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
        raise Unsupported("the store's default graph holds triples")
    for predicate in sorted({p for c in checks for p in c.reads} - CONTEXT_PREDICATES):
        if store.query(f"ASK {{ GRAPH ?g {{ ?s <{predicate}> ?o }} FILTER(?g != {links}) }}"):
            raise Unsupported(f"{predicate} is written outside the links graph")


@dataclass(frozen=True)
class Violation:
    check: Check
    focus: ox.Term
    value: Optional[ox.Term]
    bindings: tuple[tuple[str, ox.Term], ...] = ()

    @property
    def message(self) -> str:
        message = self.check.message
        for name, term in self.bindings:           # as pySHACL fills a SPARQL constraint's {?var}
            message = re.sub("{[?$]" + name + "}", lambda _m, t=term: t.value, message)
        return message


FOCUS_BATCH = 500          # focus nodes per exact query after a screen found some


def run_checks(store: ox.Store, checks: list[Check], threads: int = 1) -> list[Violation]:
    """The violations of ``checks``, in their order: each screen once, then the exact queries of its
    checks for the focus nodes it found (none, nearly always); checks without a screen over every focus
    node. With ``threads`` > 1 the screens and the unscreened checks run in that many threads: Oxigraph
    lets go of Python's lock while it evaluates a query (two threads read a 1,000-plan store 1.7 times
    as fast as one)."""
    screens = list(dict.fromkeys(check.screen for check in checks if check.screen is not None))
    whole = [check for check in checks if check.screen is None]

    def screen(text: str) -> list:
        return sorted({row["this"] for row in store.query(text, use_default_graph_as_union=True)}, key=str)

    def unscreened(check: Check) -> list[Violation]:
        return _violations(store, check, check.text())

    if threads > 1 and len(screens) + len(whole) > 1:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            screened = [pool.submit(screen, text) for text in screens]
            found = [pool.submit(unscreened, check) for check in whole]
            flagged = dict(zip(screens, (future.result() for future in screened)))
            by_check = dict(zip(map(id, whole), (future.result() for future in found)))
    else:
        flagged = {text: screen(text) for text in screens}
        by_check = {id(check): unscreened(check) for check in whole}
    out: list[Violation] = []
    for check in checks:
        if check.screen is None:
            out.extend(by_check[id(check)])
            continue
        focus = [f for f in flagged[check.screen] if isinstance(f, ox.NamedNode)]
        if len(focus) < len(flagged[check.screen]):            # a blank focus node cannot go in VALUES
            out.extend(_violations(store, check, check.text()))
            continue
        for start in range(0, len(focus), FOCUS_BATCH):
            out.extend(_violations(store, check, check.text(focus[start:start + FOCUS_BATCH])))
    return out


def _violations(store: ox.Store, check: Check, query: str) -> list[Violation]:
    out = []
    solutions = store.query(query, use_default_graph_as_union=True)
    variables = [v.value for v in solutions.variables]
    for row in solutions:
        focus = row["this"]
        if check.constraint:
            names = [name for name in variables if row[name] is not None]
            bindings = tuple((name, row[name]) for name in names)
            value = row["value"] if "value" in names else focus
            out.append(Violation(check, focus, value, bindings))
        else:
            out.append(Violation(check, focus, row["value"] if "value" in variables else None))
    return out
