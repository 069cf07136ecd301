"""Policy topics of a measure, read with the SKOS vocabulary in ``ontology/topics.ttl``.

A topic (residential care, disability homes, information accessibility ...) is named by the words its
``skos:altLabel`` lists; a measure is about the topics whose words it prints. Two plans that restate
one task in their own terms still print the words of its topics (the nursing subsidy, the "two
subsidies" and the living subsidy all name disability welfare subsidies), so topic vectors see
through rewording that character n-grams miss. ``tests/test_topics.py`` shows it on the plans.

The vector of a text (``TopicVocabulary.counts``) counts each topic's words; a word in the heading
counts ``HEADING_WEIGHT`` times more, and a narrower topic adds half its count to its broader topic
(a quarter to the one above that). ``TopicModel`` weights the counts by inverse document frequency
learned from the corpus being linked, so a topic every measure names (rehabilitation in a disability plan)
says little and a rare one (blind massage) says much.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from graph.config import ONTOLOGY_DIR
from loaders.text import nfkc_compact

VOCABULARY = ONTOLOGY_DIR / "topics.ttl"
SCHEME = "https://w3id.org/plankg/id/scheme/topics"
HEADING_WEIGHT = 2.0        # a topic word in the heading counts this many extra times
BROADER_SHARE = 0.5         # share of a narrower topic's count its broader topic receives


@dataclass(frozen=True)
class TopicVocabulary:
    iris: tuple[str, ...]                  # concept IRIs, index = vector position
    slugs: tuple[str, ...]
    labels: tuple[str, ...]                # zh prefLabel
    broader: tuple[int, ...]               # index of the broader concept, -1 for a top concept
    pattern: re.Pattern                    # every altLabel, longest first
    topics_of: dict                        # normalised altLabel -> tuple of concept indexes

    def __len__(self) -> int:
        return len(self.iris)

    def mentions(self, text: str) -> list[int]:
        """Concept indexes of every topic word in ``text``, in order (a word may name several)."""
        found = []
        for match in self.pattern.finditer(nfkc_compact(text)):
            found.extend(self.topics_of[match.group(0)])
        return found

    def counts(self, text: str, heading: str = "") -> np.ndarray:
        """Topic counts of a text, heading words weighted, passed up the broader chain."""
        direct = np.zeros(len(self))
        for k in self.mentions(text):
            direct[k] += 1.0
        for k in self.mentions(heading):
            direct[k] += HEADING_WEIGHT
        out = direct.copy()
        for k in np.flatnonzero(direct):
            share, up = BROADER_SHARE, self.broader[k]
            while up >= 0:
                out[up] += share * direct[k]
                share, up = share * BROADER_SHARE, self.broader[up]
        return out


@lru_cache(maxsize=4)
def topic_vocabulary(path: Path = VOCABULARY) -> TopicVocabulary:
    """Read the topic scheme once: concepts in IRI order, their words and their broader concept."""
    graph = Graph().parse(path, format="turtle")
    concepts = sorted(graph.subjects(SKOS.inScheme, URIRef(SCHEME)), key=str)
    if not concepts:
        raise ValueError(f"{path}: no skos:Concept in scheme {SCHEME}")
    index = {c: i for i, c in enumerate(concepts)}
    topics_of: dict[str, list[int]] = {}
    labels, broader = [], []
    for i, concept in enumerate(concepts):
        zh = [str(l) for l in graph.objects(concept, SKOS.prefLabel) if l.language == "zh"]
        labels.append(zh[0] if zh else str(concept))
        up = [index[b] for b in graph.objects(concept, SKOS.broader) if b in index]
        broader.append(min(up) if up else -1)
        for label in graph.objects(concept, SKOS.altLabel):
            word = nfkc_compact(str(label))
            if word and i not in topics_of.setdefault(word, []):
                topics_of[word].append(i)
    words = sorted(topics_of, key=lambda w: (-len(w), w))
    pattern = re.compile("|".join(map(re.escape, words)))
    slugs = tuple(str(graph.value(c, SKOS.notation) or str(c).rsplit("/", 1)[-1]) for c in concepts)
    return TopicVocabulary(tuple(map(str, concepts)), slugs, tuple(labels), tuple(broader), pattern,
                           {w: tuple(ks) for w, ks in topics_of.items()})


class TopicModel:
    """Topic vectors weighted by inverse document frequency learned from a corpus of measures."""

    def __init__(self, vocabulary: TopicVocabulary, documents: Sequence[tuple[str, str]]):
        self.vocabulary = vocabulary
        counts = np.array([vocabulary.counts(text, heading) for text, heading in documents]) \
            if documents else np.zeros((0, len(vocabulary)))
        df = (counts > 0).sum(axis=0)
        self.idf = np.log((1.0 + len(documents)) / (1.0 + df)) + 1.0

    def vectors(self, documents: Sequence[tuple[str, str]]) -> np.ndarray:
        """L2-normalised rows: log-scaled topic counts times the learned weights."""
        if not documents:
            return np.zeros((0, len(self.vocabulary)))
        x = np.log1p(np.array([self.vocabulary.counts(text, heading) for text, heading in documents])) * self.idf
        norms = np.linalg.norm(x, axis=1, keepdims=True)
        return np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)

    def shared(self, a: np.ndarray, b: np.ndarray, limit: int = 5) -> list[int]:
        """The topics two vectors share, strongest contribution first."""
        product = a * b
        shared = np.flatnonzero(product > 0)              # in index order, so ties keep it when sorted
        return [int(k) for k in shared[np.argsort(-product[shared], kind="stable")][:limit]]
