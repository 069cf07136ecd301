"""One implements decision per child measure, and the evidence of a link: wording shared and changed.

The links themselves are decided by ``graph.link.correspond`` (the same method for every plan pair,
its docstring has the signals, the thresholds and how they were chosen). ``align_measures`` gives the
child-side view a county plan's reader wants: for each child measure, the parent measure it
implements (its strong link, or the best partial one when a plan split a parent measure in two,
marked ``split``), or none (a local addition), with the nearest parent measure and its score so a
reader can check the decision. ``evidence`` says what two linked texts share and where they differ,
numbers included (the child's number, an arrow, the parent's).

Checked against the hand-made alignment of a county-level plan's 41 main-task measures with its
parent city plan's 40 (``tests/data/alignment/yueqing-wenzhou.tsv``): precision and recall 1.00,
and dropping any one parent measure leaves its children unlinked and every other link as it was.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional, Sequence

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from graph.link.corpus import MeasureText as Measure
from graph.link.correspond import METHOD, LinkModel, compare_vectors
from loaders.text import compact
from loaders.values import number_tokens

MIN_SHARED_CHARS = 4            # shorter common runs are function words and punctuation
NUMBER_CONTEXT_CHARS = 8        # characters before a number compared to pair changed numbers
NUMBER_CONTEXT_MIN = 60         # rapidfuzz ratio the two contexts must reach

@dataclass
class Evidence:
    """What a person checks a link against: wording both texts share and what differs."""
    shared: list[str] = field(default_factory=list)           # common passages, child order
    child_only: list[str] = field(default_factory=list)       # passages only the child has
    parent_only: list[str] = field(default_factory=list)      # passages only the parent has
    changed_numbers: list[tuple[str, str]] = field(default_factory=list)   # (child, parent)
    child_only_numbers: list[str] = field(default_factory=list)
    parent_only_numbers: list[str] = field(default_factory=list)
    shared_ratio: float = 0.0                                 # share of the child text in common


@dataclass
class MeasureLink:
    """One child measure: the parent measure it implements, or ``parent=None`` (local addition).

    ``score`` is the link score (text and heading); ``components`` holds every signal for the
    pair. For a local addition ``nearest`` and ``score`` tell the closest parent measure and how
    far below the threshold it stayed, so a reader can check the decision.
    """
    child: str
    parent: Optional[str]
    score: float
    method: str
    components: dict[str, float] = field(default_factory=dict)
    evidence: Optional[Evidence] = None
    nearest: Optional[str] = None
    split: bool = False


def align_measures(child: list[Measure], parent: list[Measure], *, model: Optional[LinkModel] = None) -> list[MeasureLink]:
    """Return one ``MeasureLink`` per child measure, in the order of ``child``.

    ``model`` holds the learned weights (``graph.link.correspond.LinkModel``); without one they are
    learned from the two plans' measures.
    """
    if not child:
        return []
    if not parent:
        return [MeasureLink(m.path, None, 0.0, METHOD) for m in child]
    model = model or LinkModel(list(child) + list(parent))
    comparison = compare_vectors(model.vectors(child), model.vectors(parent), model)
    by_child: dict[str, list] = {}
    for link in comparison.links:
        by_child.setdefault(link.a, []).append(link)
    texts = {m.path: m.text for m in parent}
    out = []
    for i, measure in enumerate(child):
        found = sorted(by_child.get(measure.path, []), key=lambda l: (l.strength != "strong", -l.score))
        if found:
            best = found[0]
            link = MeasureLink(measure.path, best.b, best.score, best.method + ("+split" if best.strength == "partial" else ""),
                               dict(best.components), nearest=best.b, split=best.strength == "partial")
            link.evidence = evidence(measure.text, texts[best.b])
        else:
            j = int(np.argmax(comparison.score[i]))
            link = MeasureLink(measure.path, None, round(float(comparison.score[i, j]), 4), METHOD,
                               {k: round(float(v[i, j]), 4) for k, v in sorted(comparison.parts.items())},
                               nearest=parent[j].path)
        out.append(link)
    return out


def gaps(links: Sequence[MeasureLink], parent: list[Measure]) -> list[str]:
    """Paths of parent measures that no link implements, in the parent plan's order."""
    implemented = {link.parent for link in links if link.parent}
    return [m.path for m in parent if m.path not in implemented]


def evidence(child_text: str, parent_text: str) -> Evidence:
    """Shared passages, passages on one side only, and numbers that differ between two texts.

    The two texts are aligned on their longest common subsequence (``rapidfuzz``'s Indel opcodes, in
    C++: about 40 times faster than ``difflib`` and the largest step of linking a national corpus
    before). A common run shorter than ``MIN_SHARED_CHARS`` does not count as shared: it stays inside
    the passage that differs around it, so each side's passage reads as the wording between two
    shared ones."""
    a, b = _compacted(child_text), _compacted(parent_text)
    shared, child_only, parent_only = [], [], []
    i = j = 0                                    # where the text after the last shared passage starts

    def differ(i2: int, j2: int) -> None:
        if i2 - i >= MIN_SHARED_CHARS:
            child_only.append(a[i:i2])
        if j2 - j >= MIN_SHARED_CHARS:
            parent_only.append(b[j:j2])

    for op in Indel.opcodes(a, b):
        if op.tag == "equal" and op.src_end - op.src_start >= MIN_SHARED_CHARS:
            differ(op.src_start, op.dest_start)
            shared.append(a[op.src_start:op.src_end])
            i, j = op.src_end, op.dest_end
    differ(len(a), len(b))
    common = sum(len(s) for s in shared)
    changed, child_nums, parent_nums = _compare_numbers(a, b)
    return Evidence(
        shared=shared, child_only=child_only, parent_only=parent_only,
        changed_numbers=changed, child_only_numbers=child_nums, parent_only_numbers=parent_nums,
        shared_ratio=round(common / len(a), 4) if a else 0.0,
    )


def changed_numbers(child_text: str, parent_text: str) -> list[tuple[str, str]]:
    """Numbers the two texts state differently, paired by unit and the words before them (no diff)."""
    return _compare_numbers(_compacted(child_text), _compacted(parent_text))[0]


@lru_cache(maxsize=1 << 15)
def _compacted(text: str) -> str:
    """``compact`` of a measure text, kept: a measure takes part in many links."""
    return compact(text)


def _compare_numbers(a: str, b: str):
    """Pair numbers that only one side has when they share a unit and the words before them."""
    child_nums, parent_nums = _numbers(a), _numbers(b)
    for token in [t for t, _, _ in child_nums]:
        match = next((k for k, (t, _, _) in enumerate(parent_nums) if t == token), None)
        if match is not None:
            parent_nums.pop(match)
            child_nums.pop(next(k for k, (t, _, _) in enumerate(child_nums) if t == token))
    candidates = []
    for ci, (ct, cunit, cctx) in enumerate(child_nums):
        for pi, (pt, punit, pctx) in enumerate(parent_nums):
            if cunit == punit:
                similarity = fuzz.ratio(cctx, pctx)
                if similarity >= NUMBER_CONTEXT_MIN:
                    candidates.append((-similarity, ci, pi))
    changed, used_c, used_p = [], set(), set()
    for _, ci, pi in sorted(candidates):
        if ci not in used_c and pi not in used_p:
            used_c.add(ci)
            used_p.add(pi)
            changed.append((ci, pi))
    changed.sort()
    return (
        [(child_nums[ci][0], parent_nums[pi][0]) for ci, pi in changed],
        [t for k, (t, _, _) in enumerate(child_nums) if k not in used_c],
        [t for k, (t, _, _) in enumerate(parent_nums) if k not in used_p],
    )


def _numbers(text: str) -> list[tuple[str, Optional[str], str]]:
    return list(_numbers_of(text))


@lru_cache(maxsize=1 << 15)
def _numbers_of(text: str) -> tuple[tuple[str, Optional[str], str], ...]:
    """Each number of a text with its unit and the words before it (a measure is compared many times)."""
    found = []
    for match in number_tokens().finditer(text):
        context = text[max(0, match.start() - NUMBER_CONTEXT_CHARS): match.start()]
        found.append((match.group(0), match.group(2), context))
    return tuple(found)
