"""Measure correspondences between two plans: pairwise links with a score, a strength and evidence.

One method for every plan pair the linker compares, a plan and its parent plan as well as two sibling
plans (the same level under the same region): ``correspond(a, b, model)`` returns the pairs of
measures (task-table rows included) that carry the same task, each

* ``strong``: the other plan's own version of the measure. One-to-one: each measure has at most
  one strong partner in the other plan, chosen by an assignment over the whole plan pair;
* ``partial``: one measure is part of the other (a merged measure covering several, a task-table
  row stating a sub-item or target of a measure). Many-to-many.

Signals (``Signals``), each a matrix over the two plans' measures with values in 0..1:

* ``text``: cosine of character 2-3-gram TF-IDF vectors, the weights (IDF) learned from the whole
  corpus of measures being linked (scikit-learn, sparse; no segmenter, no model);
* ``topic``: cosine of policy-topic vectors (``graph.link.topics``, SKOS data in
  ``ontology/topics.ttl``), weighted by IDF learned from the same corpus. This is what sees
  through rewording: two social-assistance measures worded apart share few characters but name
  the same topics (minimum living allowance, temporary aid, dangerous housing);
* ``section``: cosine of the topic profiles of the two sections the measures stand in (the sum of
  their measures' topic vectors), so a measure of the rehabilitation chapter prefers the other
  plan's rehabilitation chapter;
* ``heading``: ``rapidfuzz.fuzz.ratio`` of the two lead sentences.

Decision (``Settings``):

1. ``score = 0.4 text + 0.2 topic + 0.2 section + 0.2 heading``.
2. Strong candidates: ``scipy.optimize.linear_sum_assignment`` on ``score ** 3`` between measures
   of the same kind (measures with measures, task rows with task rows: a row states a sub-item, it
   must not take a measure's one-to-one partner). The cube makes the assignment prefer one clear
   pair over two middling ones (plain sums give away a 0.56 pair to make two of 0.45 and 0.32).
3. A strong candidate is kept when its score reaches the plan pair's threshold: the larger of
   ``strong_floor`` and ``strong_share`` x the median score of the pair's assigned pairs (their
   upper half). The threshold follows how closely the two plans follow each other: a county plan
   that copies its city plan scores its links near 0.9 and a same-topic neighbour up to 0.6; a city
   plan that rewrites its sibling scores its true links near 0.45 and neighbours near 0.3.
4. Partial links: any other pair whose score reaches the threshold plus ``partial_margin`` and
   ``partial_share`` of the best score either measure has in the plan pair; or whose shorter text
   is at least ``cover_min`` inside the longer one (character 3-grams, ``containment``) at
   ``cover_floor`` x the threshold (a plan that split one measure in two, a row that restates a
   measure's target).

How the choice was made (``bench/align.py``, figures in ``bench/RESULTS.md``, "Reworded linking"):
on the three hand-made sibling alignments of ``tests/data/alignment/`` (80 strong, 186 partial
pairs) character n-grams alone find 14 % of the strong pairs (precision 1.0) and topics alone 75 %
(precision 0.66); together with section context and headings 89 % at precision 0.95, and the
county -> city pair stays at precision and recall 1.00. Each signal left out costs 6 to 11 points
of strong recall or precision. Chosen on two pairs and scored on the third, the grid of settings
keeps precision 0.89-0.96 and strong recall 0.84-0.93 on the held-out pair.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional, Sequence

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from sklearn.feature_extraction.text import TfidfVectorizer

from graph.link.corpus import MeasureText
from graph.link.topics import TopicModel, topic_vocabulary
from loaders.text import nfkc_compact
from loaders.values import number_tokens

METHOD = "char-tfidf+topics+section+heading/assignment"
KINDS = ("measure", "task_row")
NGRAM_RANGE = (2, 3)
NO_TEXT = "\x00\x00"           # fitted on when there is no measure text (no plan text holds a NUL)
FIT_LIMIT = 5000                 # measures the learned weights are fitted on, at most (spread evenly)


@dataclass(frozen=True)
class Settings:
    weights: tuple[tuple[str, float], ...] = (("text", 0.4), ("topic", 0.2), ("section", 0.2), ("heading", 0.2))
    power: float = 3.0
    strong_floor: float = 0.30     # the lowest threshold a plan pair can have
    strong_share: float = 0.70
    partial_margin: float = 0.05
    partial_share: float = 0.90
    cover_min: float = 0.50         # a pair whose shorter text is this much inside the longer ...
    cover_floor: float = 0.80       # ... is partial at this share of the threshold

    def weight(self, name: str) -> float:
        return dict(self.weights).get(name, 0.0)


SETTINGS = Settings()


@dataclass
class Correspondence:
    """Two measures (paths in their plans) that carry the same task, with the evidence."""
    a: str
    b: str
    score: float
    strength: str                                   # strong | partial
    components: dict[str, float] = field(default_factory=dict)
    topics: list[str] = field(default_factory=list)     # shared topic IRIs, strongest first
    numbers: list[str] = field(default_factory=list)    # numbers (with units) both texts print
    method: str = METHOD


@dataclass
class PlanVectors:
    """What the signals need of one plan's measures, computed once per plan."""
    measures: list[MeasureText]
    chars: object                                   # sparse TF-IDF rows
    topics: np.ndarray
    sections: np.ndarray                            # the topic profile of each measure's section
    headings: list[str]
    grams: object                                   # sparse 0/1 rows: which character 3-grams a text has
    sizes: np.ndarray                               # how many distinct 3-grams each text has


class LinkModel:
    """Weights learned from a corpus of measures: character n-gram IDF and topic IDF."""

    def __init__(self, measures: Sequence[MeasureText], settings: Settings = SETTINGS):
        self.settings = settings
        sample = list(measures)
        if len(sample) > FIT_LIMIT:
            step = len(sample) / FIT_LIMIT
            sample = [sample[int(i * step)] for i in range(FIT_LIMIT)]
        # a corpus without a measure text of two characters (no plan parsed, or none with measures)
        # still gets a model: one n-gram no compacted text holds, so every text similarity is 0
        texts = [t for t in (nfkc_compact(m.text) for m in sample) if len(t) >= NGRAM_RANGE[0]] or [NO_TEXT]
        self.chars = TfidfVectorizer(analyzer="char", ngram_range=NGRAM_RANGE, sublinear_tf=True).fit(texts)
        self.topic_model = TopicModel(topic_vocabulary(), [(m.text, m.heading) for m in sample])
        # the 3-gram columns of the n-gram vocabulary: which 3-grams a text has, for containment
        self.trigram_columns = np.array(sorted(i for k, i in self.chars.vocabulary_.items() if len(k) == 3), dtype=int)

    def vectors(self, measures: Sequence[MeasureText]) -> PlanVectors:
        measures = list(measures)
        if not measures:            # a plan whose measures were not found: nothing to compare, no error
            chars = sparse.csr_matrix((0, len(self.chars.vocabulary_)))
            topics = np.zeros((0, len(self.topic_model.vocabulary.iris)))
        else:
            chars = self.chars.transform([nfkc_compact(m.text) for m in measures])
            topics = self.topic_model.vectors([(m.text, m.heading) for m in measures])
        grams = (chars[:, self.trigram_columns] > 0).astype(np.float64)
        sizes = np.maximum(np.asarray(grams.sum(axis=1)).ravel(), 1.0)
        return PlanVectors(measures, chars, topics, _section_profiles(measures, topics),
                           [nfkc_compact(m.heading) for m in measures], grams, sizes)


def containment(a: PlanVectors, b: PlanVectors) -> np.ndarray:
    """The share of the shorter text's character 3-grams the longer one also prints (a x b, 0..1)."""
    if not a.measures or not b.measures:
        return np.zeros((len(a.measures), len(b.measures)))
    common = (a.grams @ b.grams.T).toarray()
    return np.clip(common / np.minimum.outer(a.sizes, b.sizes), 0.0, 1.0)


def signals(a: PlanVectors, b: PlanVectors) -> dict[str, np.ndarray]:
    """The per-signal similarity matrices (a x b, values in 0..1); ``cover`` is not in the score."""
    return {
        "cover": containment(a, b),
        "text": np.clip((a.chars @ b.chars.T).toarray(), 0.0, 1.0),
        "topic": np.clip(a.topics @ b.topics.T, 0.0, 1.0),
        "section": np.clip(a.sections @ b.sections.T, 0.0, 1.0),
        "heading": cdist(a.headings, b.headings, scorer=fuzz.ratio, dtype=np.float64) / 100.0,
    }


def combine(parts: dict[str, np.ndarray], settings: Settings = SETTINGS) -> np.ndarray:
    total = sum(settings.weight(k) for k in parts)
    if total <= 0:
        raise ValueError(f"weights {settings.weights} give no weight to any of {sorted(parts)}")
    return sum(parts[k] * (settings.weight(k) / total) for k in sorted(parts) if settings.weight(k))


@dataclass
class Comparison:
    """Everything one plan-pair comparison computed, for callers that need more than the links."""
    score: np.ndarray
    parts: dict[str, np.ndarray]
    threshold: float
    strong: dict[int, int]                          # a index -> b index
    links: list[Correspondence]


def compare_vectors(a: PlanVectors, b: PlanVectors, model: LinkModel) -> Comparison:
    s = model.settings
    parts = signals(a, b)
    score = combine(parts, s)
    candidates: list[tuple[int, int]] = []
    for kind in KINDS:
        rows = [i for i, m in enumerate(a.measures) if m.kind == kind]
        cols = [j for j, m in enumerate(b.measures) if m.kind == kind]
        if rows and cols:
            sub = score[np.ix_(rows, cols)]
            r, c = linear_sum_assignment(sub ** s.power, maximize=True)
            candidates.extend((rows[x], cols[y]) for x, y in zip(r, c))
    threshold = pair_threshold([score[i, j] for i, j in candidates], s)
    strong = {i: j for i, j in candidates if score[i, j] >= threshold}
    links = [_link(a, b, parts, score, i, j, "strong", model) for i, j in sorted(strong.items())]
    if score.size:
        best = np.maximum(score.max(axis=1, keepdims=True), score.max(axis=0, keepdims=True))
        partial = (score >= threshold + s.partial_margin) & (score >= s.partial_share * best)
        partial |= (parts["cover"] >= s.cover_min) & (score >= s.cover_floor * threshold)
        for i, j in zip(*np.nonzero(partial)):
            if strong.get(int(i)) != int(j):
                links.append(_link(a, b, parts, score, int(i), int(j), "partial", model))
    where_a, where_b = _positions(a), _positions(b)
    links.sort(key=lambda l: (l.strength != "strong", where_a[l.a], where_b[l.b]))
    return Comparison(score, parts, threshold, strong, links)


def correspond(a: Sequence[MeasureText], b: Sequence[MeasureText], model: Optional[LinkModel] = None) -> list[Correspondence]:
    """The correspondences between two plans' measures; the model is fitted on both when not given."""
    model = model or LinkModel(list(a) + list(b))
    return compare_vectors(model.vectors(a), model.vectors(b), model).links


def pair_threshold(assigned_scores: Sequence[float], settings: Settings = SETTINGS) -> float:
    """The larger of the floor and a share of the median of the better half of the assigned scores."""
    values = sorted(float(x) for x in assigned_scores)
    if not values:
        return settings.strong_floor
    upper = values[len(values) // 2:]
    return max(settings.strong_floor, settings.strong_share * float(np.median(upper)))


@lru_cache(maxsize=1 << 15)
def _unit_numbers(text: str) -> tuple[str, ...]:
    """The numbers with a unit a text prints (a measure is compared with many others)."""
    return tuple(m.group(0) for m in number_tokens().finditer(nfkc_compact(text)) if m.group(2))


def shared_numbers(a: str, b: str) -> list[str]:
    """Numbers with a unit (a percentage, a count of persons) that both texts print, in the order of ``a``."""
    theirs = set(_unit_numbers(b))
    out: list[str] = []
    for t in _unit_numbers(a):
        if t in theirs and t not in out:
            out.append(t)
    return out


def _link(a: PlanVectors, b: PlanVectors, parts, score, i: int, j: int, strength: str, model: LinkModel) -> Correspondence:
    vocabulary = model.topic_model.vocabulary
    topics = [vocabulary.iris[k] for k in model.topic_model.shared(a.topics[i], b.topics[j])]
    return Correspondence(
        a=a.measures[i].path, b=b.measures[j].path, score=round(float(score[i, j]), 4), strength=strength,
        components={k: round(float(v[i, j]), 4) for k, v in sorted(parts.items())},
        topics=topics, numbers=shared_numbers(a.measures[i].text, b.measures[j].text),
    )


def _section_of(path: str) -> str:
    return path.rsplit("-", 1)[0]


def _section_profiles(measures: list[MeasureText], topics: np.ndarray) -> np.ndarray:
    if not measures:
        return topics
    groups: dict[str, list[int]] = {}
    for i, m in enumerate(measures):
        groups.setdefault(_section_of(m.path), []).append(i)
    out = np.zeros_like(topics)
    for rows in groups.values():
        profile = topics[rows].sum(axis=0)
        norm = np.linalg.norm(profile)
        out[rows] = profile / norm if norm > 0 else profile
    return out


def _positions(vectors: PlanVectors) -> dict[str, int]:
    """Each measure path's first position in the plan."""
    found: dict[str, int] = {}
    for i, m in enumerate(vectors.measures):
        found.setdefault(m.path, i)
    return found
