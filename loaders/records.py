"""Plain records a plan is read into: the contract between the loaders and everything else.

Every record that comes from the text carries a ``Span`` (line numbers are 1-based, character
offsets are 0-based, end-exclusive, into the decoded original text) and its verbatim text, so any
fact can be shown next to the sentence it came from. ``PlanRecord.to_dict()`` gives the JSON that
``plankg parse --json`` prints; its keys are a contract other tools read.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Optional


@dataclass
class Span:
    start_line: int
    end_line: int
    start: int
    end: int


@dataclass
class Value:
    """A printed table cell or a stated quantity, parsed.

    ``comparator`` is one of ``=``, ``>``, ``>=``, ``<``, ``<=`` (None when qualitative or empty);
    ``qualitative`` holds a statement such as 与GDP增长同步 that is not a number.
    """
    text: str
    comparator: Optional[str] = None
    value: Optional[float] = None
    unit: Optional[str] = None
    qualitative: Optional[str] = None


@dataclass
class Region:
    name: str
    code: Optional[str] = None          # GB/T 2260 six-digit code
    level: Optional[str] = None         # national | provincial | prefecture | county
    parent: Optional["Region"] = None


@dataclass
class DocumentRef:
    """A document named in the plan: a basis document or a citation."""
    title: str                          # the title as printed inside 《》, normalised spacing
    kind: str                           # plan | outline | law | regulation | policy | other
    issuer: Optional[str] = None        # a body printed right before 《》 (国务院《…》)
    span: Optional[Span] = None
    count: int = 1                      # citations: how often the title occurs
    # What the title itself says (``loaders.metadata.describe_document``): the region the document is
    # made for, with the regions above it; its period; for a plan, its subject (plan type).
    region: Optional[Region] = None
    period_start: Optional[int] = None
    period_end: Optional[int] = None
    plan_type: Optional[str] = None


@dataclass
class Target:
    """A quantitative target stated inside measure or requirement text."""
    subject: str
    comparator: str
    value: float
    unit: Optional[str]
    qualifier: Optional[str]            # 每年, 到2025年, 累计 ...
    text: str                           # verbatim matched text
    span: Span
    measure: Optional[str] = None       # path of the measure it was stated in


@dataclass
class InstitutionMention:
    id: str                             # concept key in ontology/institutions.ttl
    name: str                           # preferred label
    mention: str                        # as printed
    span: Span
    role: str = "involved"              # issuer | involved
    measure: Optional[str] = None       # path of the measure that names it


@dataclass
class Measure:
    number: str                         # ordinal as printed (1, 2 …; a table row's 序号)
    heading: str                        # lead sentence, without the ordinal
    text: str                           # full text, hard wraps joined
    span: Span
    path: str = ""                      # stable id inside the plan, e.g. "2.1-m3", "3.1-t3r2"
    kind: str = "measure"               # measure | task_row | sub_item
    table: Optional[str] = None         # caption of the task table a row comes from
    items: list["Measure"] = field(default_factory=list)   # numbered sub-items (1) …


@dataclass
class Section:
    number: str                         # ordinal as printed: 一 / 二 … for chapters, (一) … below
    title: str
    span: Span
    level: int = 1                      # 1 chapter (一、), 2 section (（一）)
    path: str = ""                      # "2", "2.1"
    text: str = ""                      # the section's own text outside its measures
    children: list["Section"] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)


@dataclass
class Indicator:
    no: str
    name: str
    attribute: Optional[str]            # printed word: 约束性 | 预期性
    baseline: Value
    target: Value
    note: Optional[str]
    span: Span
    table: Optional[str] = None


@dataclass
class PreviousIndicator:
    no: str
    name: str
    planned: Value
    achieved: Value
    attribute: Optional[str]
    span: Span
    table: Optional[str] = None


@dataclass
class Project:
    no: str
    name: str
    floor_area_m2: Optional[float]
    investment_wan_yuan: Optional[float]
    content: Optional[str]
    level: Optional[str]
    span: Span


@dataclass
class Table:
    caption: str
    kind: str                           # indicators | previous | projects | tasks | other
    rows: int
    columns: list[str]
    span: Span
    section: Optional[str] = None       # path of the section it stands in


@dataclass
class PlanRecord:
    file: str
    title: str
    region: Optional[Region]
    period_start: Optional[int]
    period_end: Optional[int]
    outlook_year: Optional[int]
    issuers: list[str]
    doc_number: Optional[str]
    issued: Optional[str]               # YYYY-MM-DD
    draft: bool
    plan_type: Optional[str]            # the plan's subject, e.g. 残疾人事业发展规划
    basis: list[DocumentRef]
    basis_other: list[str]
    citations: list[DocumentRef]
    sections: list[Section]
    indicators: list[Indicator]
    previous_indicators: list[PreviousIndicator]
    tables: list[Table]
    projects: list[Project]
    targets: list[Target]
    institutions: list[InstitutionMention]
    title_span: Optional[Span] = None
    basis_span: Optional[Span] = None
    encoding: str = "utf-8"
    path: str = ""                      # the path the plan was read from (``file`` is its name)
    sha256: str = ""
    chars: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def iter_measures(self):
        """Every measure of the plan, depth first, sub-items included."""
        def walk_measures(measures):
            for m in measures:
                yield m
                yield from walk_measures(m.items)

        def walk(sections):
            for s in sections:
                yield from walk_measures(s.measures)
                yield from walk(s.children)

        yield from walk(self.sections)

    def iter_sections(self):
        def walk(sections):
            for s in sections:
                yield s
                yield from walk(s.children)

        yield from walk(self.sections)

    def summary(self) -> dict[str, int]:
        return {
            "sections": sum(1 for _ in self.iter_sections()),
            "measures": sum(1 for _ in self.iter_measures()),
            "indicators": len(self.indicators),
            "tables": len(self.tables),
            "basis": len(self.basis) + len(self.basis_other),
            "institutions": len({i.id for i in self.institutions}),
        }
