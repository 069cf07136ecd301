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

from graph.rdf.quads import QuadCollector, node, typed, zh
from graph.rdf.iris import short_hash
from graph.rdf.namespace import ID, LINKS_GRAPH, PK, RDF

LINKS = ox.NamedNode(LINKS_GRAPH)


def link_iri(kind: str, *ends: str) -> str:
    return f"{ID}link/{kind}/{short_hash(' '.join(ends))}"


def family_iri(anchor: str) -> str:
    return f"{ID}family/{short_hash(anchor)}"


def finding_iri(kind: str, *keys: str) -> str:
    return f"{ID}finding/{kind}/{short_hash(' '.join(keys))}"


class Quads(QuadCollector):
    """Collects the quads of the links graph; ``None`` objects are skipped."""

    def __init__(self) -> None:
        super().__init__(LINKS)

    def link(self, iri: str, cls, subject: str, predicate, obj: str, score: float, method: str,
             inferred: bool) -> str:
        """The statement ``subject predicate obj`` and the reified pk:Link node that supports it."""
        self.add(subject, predicate, node(obj))
        self.add(iri, RDF.type, node(cls))
        self.add(iri, RDF.subject, node(subject))
        self.add(iri, RDF.predicate, node(predicate))
        self.add(iri, RDF.object, node(obj))
        self.add(iri, PK.score, typed(round(score, 4), "decimal"))
        self.add(iri, PK.method, method)
        self.add(iri, PK.inferred, typed(inferred, "boolean"))
        return iri


__all__ = ["LINKS", "Quads", "link_iri", "family_iri", "finding_iri", "node", "typed", "zh"]
