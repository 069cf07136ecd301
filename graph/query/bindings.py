"""Parameters as typed RDF terms, and the VALUES block that carries them to a remote endpoint.

A user's value never becomes query text by string formatting: it is parsed into a typed term
(IRI, string, integer, decimal, boolean, date, year) and serialized by pyoxigraph.
"""
from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal, InvalidOperation
from typing import Mapping, Union

import pyoxigraph as ox

from graph.query.catalogue import CatalogueQuery
from graph.query.errors import ParameterError, QuerySyntaxError

XSD = "http://www.w3.org/2001/XMLSchema#"
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


def with_values(text: str, bindings: Mapping[str, Term]) -> str:
    """The query with a VALUES block of the bound terms opening its WHERE group (for remote endpoints)."""
    if not bindings:
        return text
    # One single-row block per variable (the same solutions as one row of all of them): Virtuoso
    # 7.2 fails to compile a multi-variable row mixing an IRI and a typed literal (error SP031).
    block = "".join(f"\n  VALUES ?{name} {{ {term} }}" for name, term in bindings.items()) + "\n"
    at = _where_group_start(text)
    return text[:at] + block + text[at:]
