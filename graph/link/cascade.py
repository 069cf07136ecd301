"""Indicator cascade: each plan's targets against its parent plan's and its siblings', per indicator concept.

Findings (pk:CascadeFinding, ``pk:findingKind``):

* ``weaker-than-parent``: the plan's target for a concept is weaker than its parent plan's (the
  parent must be in the corpus; a parent only referenced has no targets to compare, so it is skipped).
* ``missing-in-child``: the parent plan sets a target for a concept the plan does not.
* ``reached-at-baseline``: the plan's own baseline already meets its target.
* ``weakest-among-siblings``: of at least three sibling plans (same level, same region above, same
  period, similar type; ``graph.link.families.sibling_groups``) setting the concept, the plan's target
  is strictly weaker than every other's.

"Weaker" reads the comparator: a target bounded from above (< or <=) is better lower, any other
better higher. Numbers are compared only when both are numbers in the same unit (or one has none).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from graph.link.corpus import Corpus, IndicatorRow, Number
from graph.link.derivation import Derivation
from graph.link.families import sibling_groups
from graph.link.terms import Quads, finding_iri, node
from graph.rdf.namespace import PK, RDF

KINDS = ("weaker-than-parent", "missing-in-child", "reached-at-baseline", "weakest-among-siblings")
MIN_SIBLINGS = 3


@dataclass(frozen=True)
class Finding:
    kind: str
    plan: str
    concept: str
    row: Optional[str]                      # the plan's indicator row, if it has one
    compared_plan: Optional[str] = None
    compared_row: Optional[str] = None
    description: str = ""

    @property
    def iri(self) -> str:
        return finding_iri(self.kind, self.plan, self.concept, self.compared_plan or "")


def _comparable(a: Optional[Number], b: Optional[Number]) -> bool:
    return (a is not None and b is not None and a.value is not None and b.value is not None
            and (a.unit == b.unit or not a.unit or not b.unit))


def lower_is_better(target: Number) -> bool:
    return target.comparator in ("<", "<=")


def _rank(value: Number, lower: bool) -> tuple[float, int]:
    """Order values by how demanding they are: ">99" asks more than ">=99" and "=99"."""
    strict = {">": 1, "<": -1}.get(value.comparator or "", 0)
    return (-value.value, -strict) if lower else (value.value, strict)


def weaker(a: Number, b: Number) -> bool:
    """Is target ``a`` weaker than target ``b`` (both comparable)? The direction is ``b``'s."""
    lower = lower_is_better(b)
    return _rank(a, lower) < _rank(b, lower)


def meets(value: Number, target: Number) -> bool:
    """Does a stated value (a baseline) already satisfy a target?"""
    lower = lower_is_better(target)
    if value.value != target.value:
        return (value.value < target.value) if lower else (value.value > target.value)
    return target.comparator not in (">", "<") or value.comparator == target.comparator


def cascade(corpus: Corpus, derivation: Derivation) -> list[Finding]:
    findings: list[Finding] = []
    rows = {plan: {r.concept: r for r in corpus.indicators.get(plan, [])} for plan in sorted(corpus.plans)}
    for child, parent in sorted(derivation.parents_in_corpus().items()):
        for concept, theirs in sorted(rows[parent].items()):
            mine = rows[child].get(concept)
            if mine is None:
                findings.append(Finding("missing-in-child", child, concept, None, parent, theirs.iri,
                                        f"the parent plan sets {theirs.name} {_text(theirs)}; this plan sets no target"))
            elif _comparable(mine.target, theirs.target) and weaker(mine.target, theirs.target):
                findings.append(Finding("weaker-than-parent", child, concept, mine.iri, parent, theirs.iri,
                                        f"target {_text(mine)} is weaker than the parent plan's {_text(theirs)}"))
    for plan in sorted(rows):
        for concept, row in sorted(rows[plan].items()):
            if _comparable(row.baseline, row.target) and meets(row.baseline, row.target):
                findings.append(Finding("reached-at-baseline", plan, concept, row.iri, None, None,
                                        f"baseline {row.baseline.text} already meets the target {_text(row)}"))
    for group in sibling_groups(corpus, derivation):
        findings.extend(_weakest(group, rows))
    return sorted(findings, key=lambda f: (f.plan, f.concept, f.kind, f.compared_plan or ""))


def _weakest(group: list[str], rows) -> list[Finding]:
    out = []
    concepts = sorted({c for plan in group for c in rows[plan]})
    for concept in concepts:
        setting = [(plan, rows[plan][concept]) for plan in group if concept in rows[plan]]
        if len(setting) < MIN_SIBLINGS:
            continue
        for plan, row in setting:
            others = [(p, r) for p, r in setting if p != plan]
            if all(_comparable(row.target, r.target) and weaker(row.target, r.target) for _, r in others):
                texts = ", ".join(_text(r) for _, r in others)
                out.append(Finding("weakest-among-siblings", plan, concept, row.iri, None, None,
                                   f"target {_text(row)} is the weakest; sibling plans set {texts}"))
    return out


def _text(row: IndicatorRow) -> str:
    return row.target.text if row.target is not None else "(none)"


def write_findings(quads: Quads, findings: list[Finding], corpus: Corpus) -> None:
    for f in findings:
        quads.add(f.iri, RDF.type, node(PK.CascadeFinding))
        quads.add(f.iri, PK.findingKind, f.kind)
        quads.add(f.iri, PK.findingPlan, node(f.plan))
        quads.add(f.iri, PK.indicatorConcept, node(f.concept))
        quads.add(f.iri, PK.indicatorRow, node(f.row) if f.row else None)
        quads.add(f.iri, PK.comparedPlan, node(f.compared_plan) if f.compared_plan else None)
        quads.add(f.iri, PK.comparedRow, node(f.compared_row) if f.compared_row else None)
        quads.add(f.iri, PK.description, f.description)
