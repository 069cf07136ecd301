"""Which plan derives from which: basis titles resolved to corpus plans or referenced documents, plus inferred links.

Rules (no region names or titles here; regions come as GB/T 2260 codes and levels):

* **Stated.** A plan derives from every document it names as its basis (pk:basis). A basis title
  that, normalised (``graph.rdf.iris.normalise_label``: NFKC, no quotes, no spaces), equals the title of
  another corpus plan resolves to that plan (preferring one whose region is on the naming plan's
  region chain); otherwise the link goes to the referenced-document node, which covers the region
  its title names (read by the loaders, ``loaders.metadata.describe_document``, and stored with the
  document: a plan, outline, law or regulation whose title names no region is national).
* **Inferred.** A plan (in the corpus or only referenced) that names no plan of a similar type in a
  region above it derives from the plan of a similar type and the same period of the nearest region
  above it that has one: a referenced prefecture plan from the referenced provincial plan, that one
  from the national plan. Similar type: the same plan-type concept, else a rapidfuzz ratio of the
  normalised type labels of at least ``TYPE_SIMILARITY``; the ratio is the link's score.
* **Parent.** A plan's parent is the plan of a similar type and the same period it derives from
  whose region is the nearest one above its own.
* **Predecessor.** A plan of the same region and a similar type whose period ends the year before.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from rapidfuzz import fuzz

from graph.link.corpus import Corpus
from graph.rdf.iris import load_vocabulary, normalise_label, normalise_plan_type

TYPE_SIMILARITY = 0.8
PLAN_KINDS = ("plan",)
METHOD_STATED = "basis-title"
METHOD_RESOLVED = "basis-title=corpus-title"
METHOD_INFERRED = "region-hierarchy+plan-type+period"
METHOD_PREDECESSOR = "same-region+plan-type+previous-period"


@dataclass
class Node:
    """A plan of the corpus or a document one names."""
    iri: str
    title: str
    kind: str
    region: Optional[str]
    plan_type: Optional[str]        # concept IRI, else "label:" + normalised type
    start: Optional[int]
    end: Optional[int]
    in_corpus: bool


@dataclass(frozen=True)
class Edge:
    child: str
    parent: str
    score: float
    method: str
    inferred: bool
    evidence: Optional[str] = None   # the basis document node that names the parent


@dataclass
class Derivation:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    predecessors: list[Edge] = field(default_factory=list)
    resolved: dict[str, str] = field(default_factory=dict)          # document -> corpus plan
    parent: dict[str, str] = field(default_factory=dict)            # node -> parent plan node

    def parents_in_corpus(self) -> dict[str, str]:
        return {c: p for c, p in self.parent.items()
                if self.nodes[c].in_corpus and self.nodes[p].in_corpus}


def _type_key(concept: Optional[str], label: Optional[str]) -> Optional[str]:
    if concept:
        return concept
    if not label:
        return None
    found, _ = load_vocabulary().plan_type(label)
    return found or "label:" + normalise_plan_type(label)


def type_similarity(a: Optional[str], b: Optional[str]) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if a.startswith("label:") and b.startswith("label:"):
        return fuzz.ratio(a[6:], b[6:]) / 100.0
    return 0.0


def derive(corpus: Corpus) -> Derivation:
    result = Derivation()
    by_title: dict[str, list[str]] = {}
    for plan in sorted(corpus.plans.values(), key=lambda p: p.iri):
        by_title.setdefault(normalise_label(plan.title), []).append(plan.iri)
        result.nodes[plan.iri] = Node(plan.iri, plan.title, "plan", plan.region,
                                      _type_key(plan.plan_type, plan.type_label), plan.start, plan.end, True)
    for plan in sorted(corpus.plans.values(), key=lambda p: p.iri):
        chain = corpus.chain(plan.region)
        for doc in plan.basis + plan.cites:
            target = _resolve(doc.title, plan.iri, chain, by_title, corpus)
            if target is not None:
                result.resolved[doc.iri] = target
            elif doc.iri not in result.nodes:
                result.nodes[doc.iri] = _document_node(doc)
        for doc in plan.basis:
            target = result.resolved.get(doc.iri, doc.iri)
            if target != plan.iri:
                method = METHOD_RESOLVED if doc.iri in result.resolved else METHOD_STATED
                result.edges.append(Edge(plan.iri, target, 1.0, method, False, doc.iri))
    result.edges = sorted(set(result.edges), key=lambda e: (e.child, e.parent, e.evidence or ""))
    _infer(result, corpus)
    _parents(result, corpus)
    _predecessors(result)
    return result


def _resolve(title, naming_plan, chain, by_title, corpus) -> Optional[str]:
    candidates = [p for p in by_title.get(normalise_label(title), []) if p != naming_plan]
    on_chain = [p for p in candidates if corpus.plans[p].region in chain]
    return (on_chain or candidates or [None])[0]


def _document_node(doc) -> Node:
    type_key = _type_key(None, doc.type_label) if doc.kind in PLAN_KINDS else None
    return Node(doc.iri, doc.title, doc.kind, doc.region, type_key, doc.start, doc.end, False)


def _plan_nodes(result: Derivation) -> list[Node]:
    return [n for n in sorted(result.nodes.values(), key=lambda n: n.iri)
            if n.kind in PLAN_KINDS and n.region and n.start and n.plan_type]


def _same_line(a: Node, b: Node) -> float:
    """Type similarity of two plans of the same period, 0 when their periods differ."""
    if (a.start, a.end) != (b.start, b.end):
        return 0.0
    return type_similarity(a.plan_type, b.plan_type)


def _infer(result: Derivation, corpus: Corpus) -> None:
    plans = _plan_nodes(result)
    by_region: dict[str, list[Node]] = {}
    for n in plans:
        by_region.setdefault(n.region, []).append(n)
    stated: dict[str, list[str]] = {}
    for e in result.edges:
        stated.setdefault(e.child, []).append(e.parent)
    inferred = []
    for child in plans:
        above = corpus.chain(child.region)[1:]
        named = [result.nodes[p] for p in stated.get(child.iri, []) if p in result.nodes]
        if any(p.region in above and _same_line(child, p) >= TYPE_SIMILARITY for p in named):
            continue
        for code in above:
            scored = [(_same_line(child, n), n.iri) for n in by_region.get(code, [])]
            scored = [s for s in scored if s[0] >= TYPE_SIMILARITY]
            if scored:
                score, parent = min(scored, key=lambda s: (-s[0], s[1]))
                inferred.append(Edge(child.iri, parent, score, METHOD_INFERRED, True))
                break
    result.edges.extend(sorted(inferred, key=lambda e: (e.child, e.parent)))


def _parents(result: Derivation, corpus: Corpus) -> None:
    targets: dict[str, list[str]] = {}
    for e in result.edges:
        targets.setdefault(e.child, []).append(e.parent)
    for child in _plan_nodes(result):
        above = corpus.chain(child.region)[1:]
        candidates = []
        for iri in targets.get(child.iri, []):
            parent = result.nodes.get(iri)
            if parent is None or parent.region not in above or parent.kind not in PLAN_KINDS:
                continue
            if _same_line(child, parent) >= TYPE_SIMILARITY:
                candidates.append((above.index(parent.region), parent.iri))
        if candidates:
            result.parent[child.iri] = min(candidates)[1]


def _predecessors(result: Derivation) -> None:
    by_region: dict[str, list[Node]] = {}
    for n in _plan_nodes(result):
        by_region.setdefault(n.region, []).append(n)
    for plans in by_region.values():           # plans of one region only: never all pairs
        for a in plans:
            for b in plans:
                score = type_similarity(a.plan_type, b.plan_type)
                if b.end is not None and b.end == a.start - 1 and score >= TYPE_SIMILARITY:
                    result.predecessors.append(Edge(a.iri, b.iri, score, METHOD_PREDECESSOR, False))
