"""Parameters as typed RDF terms, and the VALUES block that carries them to a remote endpoint.

A user's value never becomes query text by string formatting: it is parsed into a typed term
(IRI, string, integer, decimal, boolean, date, year) and serialized by pyoxigraph.
"""
from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal, InvalidOperation
from typing import Iterable, Mapping, Optional, Union

import pyoxigraph as ox

from graph.query.catalogue import CatalogueQuery
from graph.query.errors import ParameterError, QuerySyntaxError

XSD = "http://www.w3.org/2001/XMLSchema#"
# xsd:integer and the types derived from it: SPARQL compares and converts them as integers
INTEGER_TYPES = frozenset(XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort",
    "unsignedByte"))
Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple]


def to_term(kind: str, raw: str, prefixes: Mapping[str, str] | None = None, name: str = "") -> Term:
    """The typed RDF term for a parameter value given as text; ParameterError if it does not fit."""
    label = f"parameter {name!r}" if name else "parameter"
    try:
        if kind == "iri":
            prefix, _, local = raw.partition(":")
            if prefixes and prefix in prefixes and not local.startswith("//"):
                raw = prefixes[prefix] + local
            return ox.NamedNode(raw)
        if kind == "string":
            return ox.Literal(raw)
        if kind == "integer":
            return ox.Literal(str(int(raw.strip())), datatype=ox.NamedNode(XSD + "integer"))
        if kind == "decimal":
            try:
                number = Decimal(raw.strip())
            except InvalidOperation:
                raise ValueError("expected a number such as 95 or 0.5") from None
            if not number.is_finite():
                raise ValueError("not a finite number")
            return ox.Literal(str(number), datatype=ox.NamedNode(XSD + "decimal"))
        if kind == "boolean":
            value = raw.strip().lower()
            if value not in ("true", "false"):
                raise ValueError("expected true or false")
            return ox.Literal(value, datatype=ox.NamedNode(XSD + "boolean"))
        if kind == "date":
            return ox.Literal(_dt.date.fromisoformat(raw.strip()).isoformat(),
                              datatype=ox.NamedNode(XSD + "date"))
        if kind == "year":
            if not re.fullmatch(r"\d{4}", raw.strip()):
                raise ValueError("expected a four-digit year")
            return ox.Literal(raw.strip(), datatype=ox.NamedNode(XSD + "gYear"))
    except (ValueError, InvalidOperation) as problem:
        raise ParameterError(f"{label}: {raw!r} is not a valid {kind} ({problem})") from None
    raise ParameterError(f"{label}: unknown type {kind!r}")


def bind(query: CatalogueQuery, params: Mapping[str, str] | None = None) -> dict[str, Term]:
    """Typed terms for a catalogue query's parameters: given values, else defaults; unknown names fail."""
    params = dict(params or {})
    unknown = sorted(set(params) - {p.name for p in query.params})
    if unknown:
        known = ", ".join(p.name for p in query.params) or "none"
        raise ParameterError(f"query {query.name!r} has no parameter {', '.join(unknown)} (parameters: {known})")
    bindings = {}
    for p in query.params:
        raw = params.get(p.name, p.default)
        if raw is None or raw == "":
            if p.required:
                raise ParameterError(f"query {query.name!r} needs parameter {p.name!r} ({p.description})")
            continue
        bindings[p.name] = to_term(p.type, str(raw), query.prefixes, p.name)
    return bindings


_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<word>[A-Za-z]+)
  | (?P<char>.)
""", re.VERBOSE | re.DOTALL)


def _where_group_start(text: str) -> int:
    """Offset just after the '{' that opens the query's WHERE group."""
    depth = parens = 0
    after_where = False
    first_brace = None
    for m in _TOKEN.finditer(text):
        kind, token = m.lastgroup, m.group()
        if kind == "word" and token.upper() == "WHERE" and depth == 0 and parens == 0:
            after_where = True
        elif kind == "char":
            if token == "(":
                parens += 1
            elif token == ")":
                parens -= 1
            elif token == "{":
                if depth == 0 and parens == 0:
                    if after_where:
                        return m.end()
                    first_brace = m.end() if first_brace is None else first_brace
                depth += 1
            elif token == "}":
                depth -= 1
    if first_brace is None:
        raise QuerySyntaxError("cannot find the query's WHERE group to bind parameters into")
    return first_brace


def joined_subqueries(text: str) -> list[tuple[int, Optional[frozenset]]]:
    """The sub-SELECTs that are direct members of the query's WHERE group (joined with the rest, not
    inside an OPTIONAL, UNION, MINUS or FILTER): for each, the offset just after the '{' opening its own
    WHERE group, and the variables it projects (None for ``SELECT *``)."""
    start = _where_group_start(text)
    tokens = [(m.lastgroup, m.group(), m.end()) for m in _TOKEN.finditer(text, start)
              if m.lastgroup != "comment" and not m.group().isspace()]
    out = []
    depth, k = 0, 0
    while k < len(tokens):
        kind, token, end = tokens[k]
        if kind == "char" and token == "{":
            nxt = tokens[k + 1] if k + 1 < len(tokens) else None
            previous = tokens[k - 1] if k else None
            joined = previous is None or not (previous[0] == "word" and previous[1].upper() in
                                               ("OPTIONAL", "MINUS", "UNION", "EXISTS", "GRAPH", "SERVICE"))
            if depth == 0 and nxt is not None and nxt[0] == "word" and nxt[1].upper() == "SELECT" and joined \
                    and not _follows_union(tokens, k):
                projected, k = _projection(tokens, k + 2)
                if not _limited(tokens, k):                  # LIMIT/OFFSET: restricting inside changes rows
                    out.append((tokens[k][2], projected))    # tokens[k] is the '{' of its WHERE group
                depth += 2                                   # the sub-SELECT's group and its WHERE group
                k += 1
                continue
            depth += 1
        elif kind == "char" and token == "}":
            depth -= 1
            if depth < 0:
                break
        k += 1
    return out


def _follows_union(tokens, k: int) -> bool:
    """Whether the group opening at ``tokens[k]`` is the first branch of a UNION."""
    depth = 0
    for j in range(k, len(tokens)):
        kind, token, _ = tokens[j]
        if kind == "char" and token == "{":
            depth += 1
        elif kind == "char" and token == "}":
            depth -= 1
            if depth == 0:
                following = tokens[j + 1] if j + 1 < len(tokens) else None
                return following is not None and following[0] == "word" and following[1].upper() == "UNION"
    return False


def _limited(tokens, k: int) -> bool:
    """Whether the sub-SELECT whose WHERE group opens at ``tokens[k]`` has a LIMIT or OFFSET."""
    depth = 0
    for kind, token, _ in tokens[k:]:
        if kind == "char" and token == "{":
            depth += 1
        elif kind == "char" and token == "}":
            depth -= 1
            if depth < 0:                                 # the end of the sub-SELECT's own group
                return False
        elif kind == "word" and depth == 0 and token.upper() in ("LIMIT", "OFFSET"):
            return True
    return False


def _projection(tokens, k: int) -> tuple[Optional[frozenset], int]:
    """The plain variables a SELECT clause starting at ``tokens[k]`` projects (not those an expression
    names with AS: binding them inside would clash), and the index of its WHERE '{'."""
    names: set = set()
    parens, star, after_as = 0, False, False
    while k < len(tokens):
        kind, token, _ = tokens[k]
        if kind == "char" and token == "{" and parens == 0:
            return (None if star else frozenset(names)), k
        if kind == "char" and token == "(":
            parens += 1
        elif kind == "char" and token == ")":
            parens -= 1
        elif kind == "char" and token == "*" and parens == 0:
            star = True
        elif kind == "char" and token in "?$" and k + 1 < len(tokens) and tokens[k + 1][0] == "word":
            if parens == 0 and not after_as:             # a plain variable, not one named by AS
                names.add(tokens[k + 1][1])
            after_as = False
        elif kind == "word" and token.upper() == "AS":
            after_as = True
        k += 1
    raise QuerySyntaxError("a sub-SELECT has no WHERE group")


def with_values(text: str, bindings: Mapping[str, Term], inline: Iterable[str] = ()) -> str:
    """The query with a VALUES block of the bound terms opening its WHERE group (for remote endpoints);
    the ``inline`` ones that only FILTER expressions use are written into them instead
    (inline_filter_terms).

    A sub-SELECT joined in that group which projects a bound variable gets the block too, at the
    start of its own WHERE group: the same solutions (the outer block keeps only rows with that
    value), but an engine that evaluates the sub-SELECT first (Oxigraph does) then reads one
    plan's rows, not every plan's."""
    text, bindings = inline_filter_terms(text, bindings, inline)
    if not bindings:
        return text
    # One single-row block per variable (the same solutions as one row of all of them): Virtuoso
    # 7.2 fails to compile a multi-variable row mixing an IRI and a typed literal (error SP031).
    def block(names) -> str:
        return "".join(f"\n  VALUES ?{name} {{ {bindings[name]} }}" for name in names) + "\n"

    inserts = [(_where_group_start(text), list(bindings))]
    for at, projected in joined_subqueries(text):
        names = [name for name in bindings if projected is None or name in projected]
        if names:
            inserts.append((at, names))
    for at, names in sorted(inserts, reverse=True):
        text = text[:at] + block(names) + text[at:]
    return text


_VARIABLE_NAME = re.compile(r"[A-Za-z0-9_\u00B7\u00C0-\uFFFD]+")
_BOUND_OPEN = re.compile(r"(?<![A-Za-z0-9_])BOUND\s*\(\s*$", re.IGNORECASE)
_BOUND_CLOSE = re.compile(r"\s*\)")


def inline_filter_terms(text: str, bindings: Mapping[str, Term],
                        inline: Iterable[str] = ()) -> tuple[str, dict[str, Term]]:
    """The query with each bound variable named in ``inline`` that occurs only inside ``FILTER( … )``
    expressions written there as its term, and the bindings left to pass otherwise.

    A catalogue query asks for it per parameter (``inline: true`` in its header): the engine's plan
    changes with it, for better or worse (``targets_at_least`` with its minimum written in: 0.3 s ->
    109 s at 3,000 plans), so it is chosen by measurement, query by query.

    Oxigraph pushes a filter on a constant down to the pattern it tests (a region-code prefix keeps 99
    of 3,000 plans before their rows are read: 0.5 s), but a filter on a variable bound by VALUES, BIND
    or ``substitutions`` is tested after the join of everything else (5 s). And a FILTER inside a
    nested sub-SELECT sees the parameter wherever it is, where a VALUES block reaches only the groups
    that project the variable. The term is pyoxigraph's serialization of the typed value, never the
    user's text, so it cannot close the expression it is written into; ``BOUND(?x)`` becomes true."""
    wanted = set(inline)
    places: dict[str, list[tuple[int, int, bool]]] = {name: [] for name in bindings if name in wanted}
    if not places:
        return text, dict(bindings)
    elsewhere: set[str] = set()
    parens = 0
    filter_at: Optional[int] = None       # the paren depth at which the current FILTER's expression opened
    expecting = False                     # just after the word FILTER
    for m in _TOKEN.finditer(text):
        kind, token = m.lastgroup, m.group()
        if kind == "comment" or token.isspace():
            continue
        if expecting and token != "(":
            expecting = False             # FILTER NOT EXISTS { … }, FILTER regex(…): left as they are
        if kind == "word" and token.upper() == "FILTER" and filter_at is None:
            expecting = True
        elif kind == "char" and token == "(":
            parens += 1
            if expecting:
                filter_at, expecting = parens, False
        elif kind == "char" and token == ")":
            if filter_at == parens:
                filter_at = None
            parens -= 1
        elif kind == "char" and token in "?$":
            name = _VARIABLE_NAME.match(text, m.end())
            if name and name.group() in places:
                if filter_at is None:
                    elsewhere.add(name.group())
                else:
                    places[name.group()].append(_place(text, m.start(), name.end()))
    inlined = {name for name, found in places.items() if found and name not in elsewhere}
    edits = sorted(((start, end, "true" if is_bound else str(bindings[name]))
                    for name in inlined for start, end, is_bound in places[name]), reverse=True)
    for start, end, term in edits:
        text = text[:start] + term + text[end:]
    return text, {name: term for name, term in bindings.items() if name not in inlined}


def _place(text: str, start: int, end: int) -> tuple[int, int, bool]:
    """Where a variable occurrence is replaced: ``BOUND(?x)`` as a whole (it becomes true), else the
    variable itself."""
    window = text[max(0, start - 40):start]
    opening = _BOUND_OPEN.search(window)
    closing = _BOUND_CLOSE.match(text, end)
    if opening and closing:
        return start - len(window) + opening.start(), closing.end(), True
    return start, end, False
