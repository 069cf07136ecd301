"""Compare two plans' measures and write what was found: implements links and sibling correspondences.

``Comparer`` holds the weights learned from the corpus being linked (``graph.link.correspond``) and each
plan's vectors, computed once per plan whatever the number of comparisons it takes part in. Every
comparison runs the same method (``graph.link.correspond.compare_vectors``); what is written depends on
how the two plans are related:

* ``parent`` (a plan and its parent plan in the corpus): each link is ``child pk:implements parent``
  plus a pk:Alignment: score, method, strength, the signal scores, the shared topics and numbers, the
  wording both share, the wording on one side only and every changed number ("{child} → {parent}");
* ``sibling`` (plans of one level under one region) and ``parent-sibling`` (a plan whose parent plan
  is not in the corpus, against the plans of its parent's level under the region above): each link is
  ``a pk:correspondsTo b`` (and back) plus a pk:Correspondence with the same evidence but the passages
  of wording (plans that reword share few; at national scale they would add millions of quads to a
  links graph that sibling correspondences already make most of, and the app computes them when a
  person opens the pair).
"""
from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Optional

from graph.link.corpus import Corpus, MeasureText
from graph.link.correspond import Correspondence, LinkModel, PlanVectors, compare_vectors
from graph.link.measures import changed_numbers, evidence
from graph.link.terms import P, Quads, link_iri, node, typed

KINDS = ("measure", "task_row")          # sub-items are parts of a measure, not measures of their own
ARROW = " → "
RELATIONS = ("parent", "sibling", "parent-sibling")


@dataclass
class PlanPair:
    """One comparison of two plans' measures (``child`` and ``parent`` are plans a and b for siblings)."""
    child: str
    parent: str
    relation: str                        # parent | sibling | parent-sibling
    child_measures: int
    parent_measures: int
    links: list[Correspondence]

    @property
    def measure_pairs(self) -> int:
        return self.child_measures * self.parent_measures

    @property
    def strong(self) -> list[Correspondence]:
        return [l for l in self.links if l.strength == "strong"]


def measures(corpus: Corpus, plan: str) -> list[MeasureText]:
    return [m for m in corpus.measures.get(plan, []) if m.kind in KINDS]


class Comparer:
    """Compares plans of one corpus with weights learned from all its measures."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.model = LinkModel([m for plan in sorted(corpus.measures) for m in measures(corpus, plan)])
        self.computed: dict[str, PlanVectors] = {}      # each plan's vectors, once computed

    def vectors(self, plan: str) -> PlanVectors:
        if plan not in self.computed:
            self.computed[plan] = self.model.vectors(measures(self.corpus, plan))
        return self.computed[plan]

    def compare(self, a: str, b: str, relation: str) -> PlanPair:
        va, vb = self.vectors(a), self.vectors(b)
        links = compare_vectors(va, vb, self.model).links
        return PlanPair(a, b, relation, len(va.measures), len(vb.measures), links)


def compare(corpus: Corpus, child: str, parent: str, relation: str) -> PlanPair:
    """One comparison with weights learned from ``corpus``; ``Comparer`` reuses them across many."""
    return Comparer(corpus).compare(child, parent, relation)


def _evidence(quads: Quads, corpus: Corpus, iri: str, pair: PlanPair, link: Correspondence, wording: bool) -> None:
    """Strength, signal scores, shared topics and numbers; with ``wording`` the passages shared and not."""
    quads.add(iri, P.strength, link.strength)
    for name, prop in (("text", P.textSimilarity), ("topic", P.topicSimilarity), ("heading", P.headingSimilarity),
                       ("section", P.sectionSimilarity)):
        if name in link.components:
            quads.add(iri, prop, typed(link.components[name], "decimal"))
    for topic in link.topics:
        quads.add(iri, P.sharedTopic, node(topic))
    for number in link.numbers:
        quads.add(iri, P.sharedNumber, number)
    texts, other = corpus.texts(pair.child), corpus.texts(pair.parent)
    if not wording:
        for mine, theirs in changed_numbers(texts[link.a], other[link.b]):
            quads.add(iri, P.changedNumber, f"{mine}{ARROW}{theirs}")
        return
    ev = evidence(texts[link.a], other[link.b])
    quads.add(iri, P.sharedRatio, typed(ev.shared_ratio, "decimal"))
    for text in ev.shared:
        quads.add(iri, P.sharedText, text)
    for text in ev.child_only:
        quads.add(iri, P.childOnlyText, text)
    for text in ev.parent_only:
        quads.add(iri, P.parentOnlyText, text)
    for mine, theirs in ev.changed_numbers:
        quads.add(iri, P.changedNumber, f"{mine}{ARROW}{theirs}")


def write_implements(quads: Quads, corpus: Corpus, pair: PlanPair) -> int:
    """The implements links of one child-parent comparison (strong and partial); returns how many."""
    for link in pair.links:
        child = corpus.measure_iri(pair.child, link.a)
        parent = corpus.measure_iri(pair.parent, link.b)
        alignment = link_iri("alignment", child, parent)
        quads.link(alignment, P.Alignment, child, P.implements, parent, link.score, link.method, False)
        quads.add(alignment, P.alignmentSource, node(child))
        quads.add(alignment, P.alignmentTarget, node(parent))
        _evidence(quads, corpus, alignment, pair, link, wording=True)
    return len(pair.links)


def write_correspondences(quads: Quads, corpus: Corpus, pair: PlanPair) -> int:
    """The correspondences of one comparison of two plans that are not parent and child."""
    for link in pair.links:
        a = corpus.measure_iri(pair.child, link.a)
        b = corpus.measure_iri(pair.parent, link.b)
        iri = link_iri("correspondence", *sorted((a, b)))
        quads.link(iri, P.Correspondence, a, P.correspondsTo, b, link.score, link.method, False)
        quads.add(b, P.correspondsTo, node(a))
        quads.add(iri, P.correspondent, node(a))           # both ends on one property: found from either
        quads.add(iri, P.correspondent, node(b))
        quads.add(iri, P.planRelation, pair.relation)
        _evidence(quads, corpus, iri, pair, link, wording=False)
    return len(pair.links)


# Below this many measure pairs to score, one process costs less than starting workers and passing
# their quads back (the five plans: 20,525; 100 plans: about 1.2 million).
PARALLEL_MEASURE_PAIRS = 1_000_000
_SHARED: Optional[tuple[Corpus, Comparer, list[tuple[str, str, str]]]] = None    # what forked workers read


def compare_all(corpus: Corpus, comparer: Comparer, pairs: list[tuple[str, str, str]],
                jobs: int = 1) -> tuple[list[PlanPair], list[bytes]]:
    """Every plan pair (a, b, relation) compared and its links written: implements for ``parent``
    pairs, correspondences for the others. Returns the comparisons, in pair order, and the links
    graph's triples they make as N-Triples (Oxigraph's serialization; the links graph is written from
    it without making a Python object of each quad).

    With ``jobs`` > 1 and at least ``PARALLEL_MEASURE_PAIRS`` measure pairs to score, the pairs are cut
    into runs of about equal work for forked worker processes, which inherit the corpus and the learned
    weights: the result is the one a single process gives, in the same order."""
    global _SHARED
    sizes = [len(measures(corpus, a)) * len(measures(corpus, b)) for a, b, _ in pairs]
    _SHARED = (corpus, comparer, pairs)
    try:
        if jobs <= 1 or sum(sizes) < PARALLEL_MEASURE_PAIRS or len(pairs) < 2:
            runs = [_compare_run((0, len(pairs)))]
        else:
            # each plan's vectors first, once (a plan takes part in comparisons of several runs), then
            # the comparisons in workers forked afterwards, which inherit them
            plans = sorted({plan for a, b, _ in pairs for plan in (a, b)} - set(comparer.computed))
            with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
                for part in pool.map(_vectors_of, [plans[i::jobs * 4] for i in range(jobs * 4)]):
                    comparer.computed.update(part)
            with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
                runs = list(pool.map(_compare_run, _runs(sizes, jobs * 4)))
    finally:
        _SHARED = None
    return [pair for run_pairs, _ in runs for pair in run_pairs], [data for _, data in runs]


def _runs(sizes: list[int], count: int) -> list[tuple[int, int]]:
    """``count`` consecutive runs (start, end) of the pairs, each of about equal total size."""
    share = max(sum(sizes) / count, 1)
    runs, start, done = [], 0, 0
    for i, size in enumerate(sizes):
        done += size
        if done >= share * (len(runs) + 1) or i == len(sizes) - 1:
            runs.append((start, i + 1))
            start = i + 1
    return runs


def _vectors_of(plans: list[str]) -> dict[str, PlanVectors]:
    """The vectors of some plans (in a worker)."""
    comparer = _SHARED[1]
    return {plan: comparer.vectors(plan) for plan in plans}


def _compare_run(run: tuple[int, int]) -> tuple[list[PlanPair], bytes]:
    """The comparisons of pairs[start:end] and the triples of their links as N-Triples (in a worker)."""
    corpus, comparer, pairs = _SHARED
    quads = Quads()
    compared = [_compare_and_write(comparer, corpus, quads, pair) for pair in pairs[run[0]:run[1]]]
    return compared, quads.data()


def _compare_and_write(comparer: Comparer, corpus: Corpus, quads: Quads, pair: tuple[str, str, str]) -> PlanPair:
    compared = comparer.compare(*pair)
    if compared.relation == "parent":
        write_implements(quads, corpus, compared)
    else:
        write_correspondences(quads, corpus, compared)
    return compared
