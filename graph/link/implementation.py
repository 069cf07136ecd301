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

  A strong correspondence between two sibling measures that are each the strong implementation of
  one and the same measure of their parent plan is written without its evidence (signal scores,
  shared topics, numbers): its link, score, method, strength and relation only. The two implements
  alignments it follows from carry that evidence, each against the parent measure, and at national
  scale these correspondences are most of the links graph (at 3,000 generated plans 406,406 of
  612,520: a task of one parent measure is stated once per pair of the k plans under it, k(k-1)/2
  correspondences against k implements links). Their evidence was about 8 of their about 21
  triples: the links graph went from 16.9 to 13.6 million quads. Which links are found is the same
  as before, and so are the families.
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
    implied: int = 0                     # strong correspondences written without evidence: both ends implement one parent measure

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
        for change in dict.fromkeys(f"{mine}{ARROW}{theirs}" for mine, theirs in changed_numbers(texts[link.a], other[link.b])):
            quads.add(iri, P.changedNumber, change)
        return
    ev = evidence(texts[link.a], other[link.b])
    quads.add(iri, P.sharedRatio, typed(ev.shared_ratio, "decimal"))
    # a passage or changed number the two texts hold twice is one triple: each is stated once, so the
    # links graph's lines are distinct and its size is their count (``link_store``)
    for text in dict.fromkeys(ev.shared):
        quads.add(iri, P.sharedText, text)
    for text in dict.fromkeys(ev.child_only):
        quads.add(iri, P.childOnlyText, text)
    for text in dict.fromkeys(ev.parent_only):
        quads.add(iri, P.parentOnlyText, text)
    for change in dict.fromkeys(f"{mine}{ARROW}{theirs}" for mine, theirs in ev.changed_numbers):
        quads.add(iri, P.changedNumber, change)


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


def write_correspondences(quads: Quads, corpus: Corpus, pair: PlanPair, implemented: Optional[dict[str, str]] = None) -> int:
    """The correspondences of one comparison of two plans that are not parent and child. ``implemented``
    (measure IRI -> the parent plan's measure it strongly implements): a strong link between two
    sibling measures that implement the same one is written without its evidence (see the module)
    and counted in ``pair.implied``."""
    implemented = implemented or {}
    for link in pair.links:
        a = corpus.measure_iri(pair.child, link.a)
        b = corpus.measure_iri(pair.parent, link.b)
        shared = implemented.get(a)
        implied = pair.relation == "sibling" and link.strength == "strong" and shared is not None and shared == implemented.get(b)
        iri = link_iri("correspondence", *sorted((a, b)))
        quads.link(iri, P.Correspondence, a, P.correspondsTo, b, link.score, link.method, False)
        quads.add(b, P.correspondsTo, node(a))
        quads.add(iri, P.correspondent, node(a))           # both ends on one property: found from either
        quads.add(iri, P.correspondent, node(b))
        quads.add(iri, P.planRelation, pair.relation)
        if implied:
            quads.add(iri, P.strength, link.strength)
            pair.implied += 1
        else:
            _evidence(quads, corpus, iri, pair, link, wording=False)
    return len(pair.links)


def strong_implements(corpus: Corpus, pairs: list[PlanPair]) -> dict[str, str]:
    """Measure IRI -> the parent plan's measure IRI it strongly implements, from parent comparisons."""
    return {corpus.measure_iri(p.child, link.a): corpus.measure_iri(p.parent, link.b)
            for p in pairs if p.relation == "parent" for link in p.strong}


# Below this many measure pairs to score, one process costs less than starting workers and passing
# their quads back (the five plans: 20,525; 100 plans: about 1.2 million).
PARALLEL_MEASURE_PAIRS = 1_000_000
_SHARED: Optional[tuple[Corpus, Comparer, list[tuple[str, str, str]], dict[str, str]]] = None    # what forked workers read


def compare_all(corpus: Corpus, comparer: Comparer, pairs: list[tuple[str, str, str]],
                jobs: int = 1) -> tuple[list[PlanPair], list[bytes]]:
    """Every plan pair (a, b, relation) compared and its links written: implements for ``parent``
    pairs, correspondences for the others (the implied ones without their evidence, see the module). Returns the
    comparisons, in pair order, and the links graph's triples they make as N-Triples (Oxigraph's
    serialization; the links graph is written from it without making a Python object of each quad).

    The parent pairs are compared first, then the others. With ``jobs`` > 1 and at least
    ``PARALLEL_MEASURE_PAIRS`` measure pairs to score, each stage's pairs are cut into runs of about
    equal work for forked worker processes, which inherit the corpus, the learned weights and what
    the parent comparisons found: the result is the one a single process gives, in the same order."""
    compared: list[Optional[PlanPair]] = [None] * len(pairs)
    data: list[bytes] = []
    implemented: dict[str, str] = {}
    parents = [i for i, pair in enumerate(pairs) if pair[2] == "parent"]
    others = [i for i, pair in enumerate(pairs) if pair[2] != "parent"]
    for stage in (parents, others):
        if not stage:
            continue
        done, parts = _compare_stage(corpus, comparer, [pairs[i] for i in stage], implemented, jobs)
        for i, pair in zip(stage, done):
            compared[i] = pair
        data.extend(parts)
        implemented = implemented | strong_implements(corpus, done)
    return compared, data


def _compare_stage(corpus: Corpus, comparer: Comparer, pairs: list[tuple[str, str, str]],
                   implemented: dict[str, str], jobs: int) -> tuple[list[PlanPair], list[bytes]]:
    global _SHARED
    sizes = [len(measures(corpus, a)) * len(measures(corpus, b)) for a, b, _ in pairs]
    _SHARED = (corpus, comparer, pairs, implemented)
    try:
        if jobs <= 1 or sum(sizes) < PARALLEL_MEASURE_PAIRS or len(pairs) < 2:
            runs = [_compare_run((0, len(pairs)))]
        else:
            # each plan's vectors first, once (a plan takes part in comparisons of several runs), then
            # the comparisons in workers forked afterwards, which inherit them
            plans = sorted({plan for a, b, _ in pairs for plan in (a, b)} - set(comparer.computed))
            if plans:
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
    corpus, comparer, pairs, implemented = _SHARED
    quads = Quads()
    compared = [_compare_and_write(comparer, corpus, quads, pair, implemented) for pair in pairs[run[0]:run[1]]]
    return compared, quads.data()


def _compare_and_write(comparer: Comparer, corpus: Corpus, quads: Quads, pair: tuple[str, str, str],
                       implemented: dict[str, str]) -> PlanPair:
    compared = comparer.compare(*pair)
    if compared.relation == "parent":
        write_implements(quads, corpus, compared)
    else:
        write_correspondences(quads, corpus, compared, implemented)
    return compared
