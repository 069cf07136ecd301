"""Measure-level pk:implements links between a plan and its parent plan in the corpus, with evidence.

``graph.link.measures.align_measures`` decides the links (its docstring has the thresholds and how
they were chosen); this module writes each link as ``child pk:implements parent`` plus a
pk:Alignment node: score, method, the signal scores, the shared wording, the wording on one side
only, and every changed number as a readable literal ("{child number} → {parent number}").
"""
from __future__ import annotations

from dataclasses import dataclass

from graph.link.corpus import Corpus
from graph.link.measures import MeasureLink, align_measures
from graph.link.terms import Quads, link_iri, node, typed
from graph.rdf.namespace import PK

KINDS = ("measure", "task_row")          # sub-items are parts of a measure, not measures of their own
ARROW = " → "


@dataclass
class PlanPair:
    """One comparison of two plans' measures: what ``align_measures`` saw and found."""
    child: str
    parent: str
    relation: str                        # parent | sibling
    child_measures: int
    parent_measures: int
    links: list[MeasureLink]

    @property
    def measure_pairs(self) -> int:
        return self.child_measures * self.parent_measures


def measures(corpus: Corpus, plan: str):
    return [m for m in corpus.measures.get(plan, []) if m.kind in KINDS]


def compare(corpus: Corpus, child: str, parent: str, relation: str, splits: bool) -> PlanPair:
    a, b = measures(corpus, child), measures(corpus, parent)
    links = align_measures(a, b, child_sections=corpus.sections.get(child, {}),
                           parent_sections=corpus.sections.get(parent, {}), splits=splits)
    return PlanPair(child, parent, relation, len(a), len(b), links)


def write_implements(quads: Quads, corpus: Corpus, pair: PlanPair) -> int:
    """The links of one child-parent comparison; returns how many were written."""
    written = 0
    for link in pair.links:
        if link.parent is None:
            continue
        child = corpus.measure_iri(pair.child, link.child)
        parent = corpus.measure_iri(pair.parent, link.parent)
        alignment = link_iri("alignment", child, parent)
        quads.link(alignment, PK.Alignment, child, PK.implements, parent, link.score, link.method, False)
        quads.add(alignment, PK.alignmentSource, node(child))
        quads.add(alignment, PK.alignmentTarget, node(parent))
        for name, prop in (("text", PK.textSimilarity), ("heading", PK.headingSimilarity),
                           ("section", PK.sectionSimilarity)):
            if name in link.components:
                quads.add(alignment, prop, typed(link.components[name], "decimal"))
        ev = link.evidence
        quads.add(alignment, PK.sharedRatio, typed(ev.shared_ratio, "decimal"))
        for text in ev.shared:
            quads.add(alignment, PK.sharedText, text)
        for text in ev.child_only:
            quads.add(alignment, PK.childOnlyText, text)
        for text in ev.parent_only:
            quads.add(alignment, PK.parentOnlyText, text)
        for mine, theirs in ev.changed_numbers:
            quads.add(alignment, PK.changedNumber, f"{mine}{ARROW}{theirs}")
        written += 1
    return written

