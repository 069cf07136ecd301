"""Terms and quads: the one way PlanKG turns Python values into RDF terms and collects quads for a graph.

    >>> from graph.rdf.quads import QuadCollector, literal, node
    >>> literal(2.50).value, literal(3).datatype.value.rsplit("#")[-1], literal(True).value
    ('2.5', 'decimal', 'true')
    >>> quads = QuadCollector(node("https://example.org/g"))
    >>> quads.add("https://example.org/s", "https://example.org/p", "文本")
    >>> quads.add("https://example.org/s", "https://example.org/p", None)     # None is skipped
    >>> len(quads.unique())
    1
"""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Optional

import pyoxigraph as ox

from graph.rdf.namespace import XSD

DATATYPES = {name: ox.NamedNode(str(term)) for name, term in (
    ("string", XSD.string), ("decimal", XSD.decimal), ("integer", XSD.integer), ("gYear", XSD.gYear),
    ("date", XSD.date), ("boolean", XSD.boolean))}


@lru_cache(maxsize=1 << 16)
def node(iri) -> ox.NamedNode:
    """A named node; the most used ones are kept (bounded), since a build names the same IRIs often."""
    return iri if isinstance(iri, ox.NamedNode) else ox.NamedNode(str(iri))


def zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


@lru_cache(maxsize=1 << 16, typed=True)      # typed: True and 1 are equal keys, not equal literals
def typed(value, datatype: str) -> ox.Literal:
    """A literal of one of ``DATATYPES``; decimals are written in plain notation without trailing zeros."""
    if datatype == "decimal":
        value = format(Decimal(repr(float(value))).normalize(), "f")
    elif datatype == "boolean":
        value = "true" if value else "false"
    return ox.Literal(str(value), datatype=DATATYPES[datatype])


def literal(value) -> ox.Literal:
    """A Python value as a literal: text plain, booleans as xsd:boolean, numbers as xsd:decimal."""
    if isinstance(value, str):
        return ox.Literal(value)
    if isinstance(value, bool):
        return typed(value, "boolean")
    if isinstance(value, (int, float, Decimal)):
        return typed(value, "decimal")
    raise TypeError(f"no RDF literal for a {type(value).__name__}: {value!r}")


class Terms:
    """A namespace's terms as Oxigraph nodes, each looked up once: ``Terms(PK).Measure``.

    rdflib's DefinedNamespace checks every attribute access (about two microseconds), paid millions of
    times when building or linking thousands of plans."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        value = ox.NamedNode(str(getattr(self._namespace, name)))
        setattr(self, name, value)
        return value


_NAMED, _LITERAL, _QUAD = ox.NamedNode, ox.Literal, ox.Quad


class QuadCollector:
    """Collects the quads of one named graph (``graph`` may be overridden per quad); ``None`` objects are skipped."""

    def __init__(self, graph: ox.NamedNode) -> None:
        self.graph = graph
        self.quads: list[ox.Quad] = []

    def add(self, s, p, o, graph: Optional[ox.NamedNode] = None) -> None:
        # called millions of times in a large build: terms already made skip the cache lookups
        if o is None:
            return
        if o.__class__ is not _NAMED and o.__class__ is not _LITERAL:
            o = literal(o)
        self.quads.append(_QUAD(s if s.__class__ is _NAMED else node(s), p if p.__class__ is _NAMED else node(p),
                                o, graph or self.graph))

    def unique(self) -> list[ox.Quad]:
        """The quads in the order first added, each once."""
        return list(dict.fromkeys(self.quads))
