"""Measure families: equivalent measures across plans, found by comparing a plan with its relatives only.

Which plans are compared (``plan_pairs``), never all pairs of the corpus:

* a plan and its parent plan when that is in the corpus (the implements comparison, reused), and
* plans of one *sibling group*: the same level, the same region above, the same period and a
  similar plan type (``graph.link.derivation``), e.g. the prefecture plans of one province.

Each comparison is ``graph.link.measures.align_measures`` on the two plans' measures (character
n-gram TF-IDF in sparse matrices, heading and section similarity, one-to-one assignment, the same
threshold as for implements, 0.38; of the 28 sibling matches of the five plans, read by heading, 27
name the same measure in other words (lowest 0.387) and one, at 0.406, pairs a broad employment
measure with a narrower one on forms of employment). A family is a connected component of the matched pairs;
its representative heading is the heading most members print (ties: the member of the highest-level
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
from graph.link.implementation import PlanPair, compare
from graph.rdf.iris import normalise_label
from graph.link.terms import Quads, family_iri, link_iri, node
from graph.rdf.namespace import PK, RDF

METHOD_SOURCE = "family-members-share-parent-plan"


@dataclass
class Family:
    iri: str
    members: list[str]                  # measure IRIs, sorted
    plans: list[str]
    representative: str
    heading: str
    sources: list[tuple[str, float]] = field(default_factory=list)   # (plan or document, score)


def sibling_groups(corpus: Corpus, derivation: Derivation) -> list[list[str]]:
    """Corpus plans of one level under one region, of one period and a similar type; each sorted."""
    groups: dict[tuple, list[str]] = {}
    for iri in sorted(corpus.plans):
        n = derivation.nodes[iri]
        region = corpus.regions.get(n.region or "")
        if region is None or region.parent is None:
            continue
        key = (region.parent, region.level, n.start, n.end)
        groups.setdefault(key, []).append(iri)
    out = []
    for plans in groups.values():
        # split a group by plan type: a plan joins the first sub-group whose first plan is similar
        typed_groups: list[list[str]] = []
        for iri in plans:
            t = derivation.nodes[iri].plan_type
            home = next((g for g in typed_groups
                         if type_similarity(derivation.nodes[g[0]].plan_type, t) >= TYPE_SIMILARITY), None)
            (home.append(iri) if home is not None else typed_groups.append([iri]))
        out.extend(g for g in typed_groups if len(g) > 1)
    return sorted(out)


def plan_pairs(corpus: Corpus, derivation: Derivation) -> list[tuple[str, str, str]]:
    """(plan, other plan, relation) of every comparison linking makes, parent pairs first."""
    pairs = [(c, p, "parent") for c, p in sorted(derivation.parents_in_corpus().items())]
    for group in sibling_groups(corpus, derivation):
        pairs.extend((a, b, "sibling") for a, b in combinations(group, 2))
    return pairs


def find_families(corpus: Corpus, derivation: Derivation, parent_pairs: list[PlanPair]) -> tuple[list[Family], list[PlanPair]]:
    """The families, and every comparison made (the parent comparisons given plus the sibling ones)."""
    compared = list(parent_pairs)
    for a, b, relation in plan_pairs(corpus, derivation):
        if relation == "sibling":
            compared.append(compare(corpus, a, b, relation, splits=False))
    parent_of: dict[str, str] = {}

    def root(x):
        while parent_of.setdefault(x, x) != x:
            parent_of[x] = parent_of[parent_of[x]]
            x = parent_of[x]
        return x

    plan_of: dict[str, str] = {}
    for pair in compared:
        for link in pair.links:
            if link.parent is None:
                continue
            a = corpus.measure_iri(pair.child, link.child)
            b = corpus.measure_iri(pair.parent, link.parent)
            plan_of[a], plan_of[b] = pair.child, pair.parent
            ra, rb = root(a), root(b)
            if ra != rb:
                parent_of[max(ra, rb)] = min(ra, rb)
    components: dict[str, list[str]] = {}
    for measure in sorted(plan_of):
        components.setdefault(root(measure), []).append(measure)
    families = [_family(members, plan_of, corpus, derivation) for members in components.values()]
    return sorted(families, key=lambda f: f.iri), compared


def _family(members, plan_of, corpus: Corpus, derivation: Derivation) -> Family:
    headings = {m: corpus.headings[m] for m in members}
    counts = Counter(normalise_label(h) for h in headings.values())

    def rank(m):
        depth = len(corpus.chain(corpus.plans[plan_of[m]].region))
        return (-counts[normalise_label(headings[m])], depth, m)

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
