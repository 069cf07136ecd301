"""IRIs and quads of the links graph: deterministic node names for links, families and findings.

Every node the linking step writes is named from the IRIs it connects (a hash of them), never from
build order, so relinking the same store gives the same IRIs:

    derivation link      id/link/derivation/{hash(child plan, parent plan or document)}
    predecessor link     id/link/predecessor/{hash(plan, previous-period plan or document)}
    alignment            id/link/alignment/{hash(child measure, parent measure)}
    family source link   id/link/family-source/{hash(family, source plan or document)}
    measure family       id/family/{hash(first member measure IRI in code-point order)}
    cascade finding      id/finding/{kind}/{hash(plan, indicator concept, compared plan or "")}
"""
from __future__ import annotations

import pyoxigraph as ox

from graph.rdf.quads import Terms, literal, node, typed, zh
from graph.rdf.iris import short_hash
from graph.rdf.namespace import ID, LINKS_GRAPH, PK, RDF

LINKS = ox.NamedNode(LINKS_GRAPH)


def link_iri(kind: str, *ends: str) -> str:
    return f"{ID}link/{kind}/{short_hash(' '.join(ends))}"


def family_iri(anchor: str) -> str:
    return f"{ID}family/{short_hash(anchor)}"


def finding_iri(kind: str, *keys: str) -> str:
    return f"{ID}finding/{kind}/{short_hash(' '.join(keys))}"


P, R = Terms(PK), Terms(RDF)


class Quads:
    """Collects the triples of the links graph as N-Triples lines; ``None`` objects are skipped.

    Subjects and predicates are IRIs (text or nodes); an object is a node, a literal, or a Python
    value made a literal (``graph.rdf.quads.literal``). Each line is written as Oxigraph's
    serializer writes it (its own term forms), so that relinking compares lines with the store's
    dump (``graph.rdf.store.replace_graph_data``); ``tests/test_link.py`` checks the two agree.
    Building an ``ox.Quad`` for each of the millions of triples of a national corpus cost more than
    scoring the measures.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, s, p, o) -> None:
        if o is None:
            return
        if isinstance(o, str):
            o = ox.Literal(o)
        elif not isinstance(o, (ox.NamedNode, ox.Literal)):
            o = literal(o)
        self.lines.append(f"{_iri(s)} {_iri(p)} {o} .\n")

    def link(self, iri: str, cls, subject: str, predicate, obj: str, score: float, method: str,
             inferred: bool) -> str:
        """The statement ``subject predicate obj`` and the reified pk:Link node that supports it."""
        self.add(subject, predicate, node(obj))
        self.add(iri, R.type, node(cls))
        self.add(iri, R.subject, node(subject))
        self.add(iri, R.predicate, node(predicate))
        self.add(iri, R.object, node(obj))
        self.add(iri, P.score, typed(round(score, 4), "decimal"))
        self.add(iri, P.method, method)
        self.add(iri, P.inferred, typed(inferred, "boolean"))
        return iri

    def data(self, distinct: bool = False) -> bytes:
        """The triples as N-Triples (a triple added twice is there twice, unless ``distinct``)."""
        return "".join(dict.fromkeys(self.lines) if distinct else self.lines).encode("utf-8")


def _iri(term) -> str:
    return str(term) if isinstance(term, ox.NamedNode) else f"<{term}>"


__all__ = ["LINKS", "P", "Quads", "link_iri", "family_iri", "finding_iri", "node", "typed", "zh"]
