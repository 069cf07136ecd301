"""Measure families: equivalent measures across plans, found by comparing a plan with its relatives only.

Which plans are compared (``plan_pairs``), never all pairs of the corpus:

* a plan and its parent plan when that is in the corpus (the implements comparison, reused);
* plans of one *sibling group*: the same level, the same region above, the same period and a
  similar plan type (``graph.link.derivation``), e.g. the prefecture plans of one province;
* a plan whose parent plan is not in the corpus and the sibling group its parent plan would belong
  to (``parent-sibling``): a county plan of a city with no plan in the corpus is compared with the
  other city plans of its province, the nearest relatives it has.

A plan takes part in a bounded number of comparisons (its group and its parent's group), so the work
grows with the corpus, not with its square. Each comparison is ``graph.link.correspond`` (one method
for every pair). A family groups measures joined by *strong* links (each measure's own version in the
other plan), strongest link first, and holds at most one measure of each plan; partial links (a merged
measure, a task-table row) stay pairwise. Its
representative heading is the heading most members print (ties: the member of the highest-level
plan, then the first IRI). When members come from several plans whose common parent plan is not in
the corpus, that parent plan stands for the measure they all took from it: the family gets it as an
inferred source (pk:inferredSource, reified as a pk:Link with pk:inferred true).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations

from graph.link.corpus import Corpus
from graph.link.derivation import TYPE_SIMILARITY, Derivation, type_similarity
from graph.link.implementation import PlanPair
from graph.link.terms import Quads, family_iri, link_iri, node
from graph.rdf.namespace import PK, RDF
from loaders.text import label_key

METHOD_SOURCE = "family-members-share-parent-plan"


@dataclass
class Family:
    iri: str
    members: list[str]                  # measure IRIs, sorted
    plans: list[str]
    representative: str
    heading: str
    sources: list[tuple[str, float]] = field(default_factory=list)   # (plan or document, score)


def _groups(corpus: Corpus, derivation: Derivation) -> dict[tuple, list[list[str]]]:
    """Corpus plans by (region above, level, period), each split into groups of similar plan type."""
    keyed: dict[tuple, list[str]] = {}
    for iri in sorted(corpus.plans):
        n = derivation.nodes[iri]
        region = corpus.regions.get(n.region or "")
        if region is None or region.parent is None:
            continue
        keyed.setdefault((region.parent, region.level, n.start, n.end), []).append(iri)
    out: dict[tuple, list[list[str]]] = {}
    for key, plans in keyed.items():
        # a plan joins the first sub-group whose first plan is of a similar type
        typed_groups: list[list[str]] = []
        for iri in plans:
            t = derivation.nodes[iri].plan_type
            home = next((g for g in typed_groups
                         if type_similarity(derivation.nodes[g[0]].plan_type, t) >= TYPE_SIMILARITY), None)
            (home.append(iri) if home is not None else typed_groups.append([iri]))
        out[key] = typed_groups
    return out


def sibling_groups(corpus: Corpus, derivation: Derivation) -> list[list[str]]:
    """Corpus plans of one level under one region, of one period and a similar type; each sorted."""
    return sorted(g for groups in _groups(corpus, derivation).values() for g in groups if len(g) > 1)


def parent_siblings(corpus: Corpus, derivation: Derivation) -> list[tuple[str, str]]:
    """(plan, other plan) for each plan whose parent plan is absent and the plans of its parent's group."""
    groups = _groups(corpus, derivation)
    parents_in = derivation.parents_in_corpus()
    pairs = []
    for iri in sorted(corpus.plans):
        n = derivation.nodes[iri]
        region = corpus.regions.get(n.region or "")
        above = corpus.regions.get(region.parent) if region and region.parent else None
        if iri in parents_in or above is None or above.parent is None:
            continue
        for group in groups.get((above.parent, above.level, n.start, n.end), []):
            if type_similarity(derivation.nodes[group[0]].plan_type, n.plan_type) >= TYPE_SIMILARITY:
                pairs.extend((iri, other) for other in group if other != iri)
    return pairs


def plan_pairs(corpus: Corpus, derivation: Derivation) -> list[tuple[str, str, str]]:
    """(plan, other plan, relation) of every comparison linking makes, parent pairs first."""
    pairs = [(c, p, "parent") for c, p in sorted(derivation.parents_in_corpus().items())]
    for group in sibling_groups(corpus, derivation):
        pairs.extend((a, b, "sibling") for a, b in combinations(group, 2))
    pairs.extend((a, b, "parent-sibling") for a, b in parent_siblings(corpus, derivation))
    return pairs


def find_families(corpus: Corpus, derivation: Derivation, compared: list[PlanPair]) -> list[Family]:
    """The measure families of a corpus from its comparisons (every pair ``plan_pairs`` gives)."""
    return _components(compared, corpus, derivation)


def _components(compared: list[PlanPair], corpus: Corpus, derivation: Derivation) -> list[Family]:
    """Families from the strong links: strongest link first, two groups joined only when no plan has a
    measure in both, so a family holds at most one measure of each plan (its version of the task).
    Joined regardless, strong links chain: A's measure is B's version, B's is C's, C's is another
    measure of A; over thousands of plans whole topics fuse into families of tens of thousands of
    measures, eight of each plan. A link refused this way stays a correspondence."""
    links = []
    for pair in compared:
        for link in pair.strong:
            links.append((-link.score, corpus.measure_iri(pair.child, link.a), corpus.measure_iri(pair.parent, link.b),
                          pair.child, pair.parent))
    links.sort()
    parent_of: dict[str, str] = {}
    plans_of: dict[str, set[str]] = {}
    plan_of: dict[str, str] = {}

    def root(x):
        while parent_of[x] != x:
            parent_of[x] = parent_of[parent_of[x]]
            x = parent_of[x]
        return x

    for _, a, b, plan_a, plan_b in links:
        for measure, plan in ((a, plan_a), (b, plan_b)):
            if measure not in parent_of:
                parent_of[measure], plans_of[measure], plan_of[measure] = measure, {plan}, plan
        ra, rb = root(a), root(b)
        if ra == rb or not plans_of[ra].isdisjoint(plans_of[rb]):
            continue
        keep, gone = min(ra, rb), max(ra, rb)
        parent_of[gone] = keep
        small, large = sorted((plans_of.pop(ra), plans_of.pop(rb)), key=len)
        large |= small
        plans_of[keep] = large
    components: dict[str, list[str]] = {}
    for measure in sorted(plan_of):
        components.setdefault(root(measure), []).append(measure)
    families = [_family(members, plan_of, corpus, derivation) for members in components.values() if len(members) > 1]
    return sorted(families, key=lambda f: f.iri)


def _family(members, plan_of, corpus: Corpus, derivation: Derivation) -> Family:
    headings = {m: corpus.headings[m] for m in members}
    counts = Counter(label_key(h) for h in headings.values())

    def rank(m):
        depth = len(corpus.chain(corpus.plans[plan_of[m]].region))
        return (-counts[label_key(headings[m])], depth, m)

    representative = min(members, key=rank)
    plans = sorted({plan_of[m] for m in members})
    by_parent: dict[str, list[str]] = {}
    for plan in plans:
        parent = derivation.parent.get(plan)
        if parent is not None and not derivation.nodes[parent].in_corpus:
            by_parent.setdefault(parent, []).append(plan)
    sources = [(parent, round(len(ps) / len(plans), 4)) for parent, ps in sorted(by_parent.items()) if len(ps) > 1]
    return Family(family_iri(members[0]), members, plans, representative, headings[representative], sources)


def write_families(quads: Quads, families: list[Family]) -> None:
    for f in families:
        quads.add(f.iri, RDF.type, node(PK.MeasureFamily))
        quads.add(f.iri, PK.representative, node(f.representative))
        quads.add(f.iri, PK.representativeHeading, f.heading)
        for member in f.members:
            quads.add(f.iri, PK.member, node(member))
        for source, score in f.sources:
            quads.link(link_iri("family-source", f.iri, source), PK.Link, f.iri, PK.inferredSource, source,
                       score, METHOD_SOURCE, True)
