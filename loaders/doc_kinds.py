"""Classify a document title (plan, outline, law …) by the endings listed in ontology/document-kinds.ttl."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Namespace
from rdflib.namespace import SKOS

VOCABULARY = Path(__file__).resolve().parent.parent / "ontology" / "document-kinds.ttl"
TRAILING_NOTE = re.compile(r"\s*[（(][^)）]*[)）]\s*$")   # 《…规划（2021-2025年）》, 《…（试行）》


@lru_cache(maxsize=1)
def suffixes() -> tuple[tuple[str, str], ...]:
    """``(ending, kind)`` pairs, longest ending first."""
    pk = Namespace("https://w3id.org/plankg/ontology#")
    graph = Graph().parse(VOCABULARY, format="turtle")
    pairs = []
    for concept, suffix in graph.subject_objects(pk.titleSuffix):
        kind = str(graph.value(concept, SKOS.notation))
        pairs.append((str(suffix), kind))
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[0])))


def classify(title: str) -> str:
    bare = TRAILING_NOTE.sub("", title.strip())
    for ending, kind in suffixes():
        if bare.endswith(ending):
            if kind == "law" and bare.endswith(("办法", "方法", "做法", "想法")):
                continue
            return kind
    return "other"
