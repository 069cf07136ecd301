"""Read what linking needs from the plan graphs of a store: plans, documents, regions, measures, indicators.

Linking reads the store, not the records, so ``plankg link`` can run on a built store alone; what a
referenced document's title says (region, period, plan type) was read by the loaders and stored with
it, so nothing here parses text. The links graph itself is never read back: relinking starts from the
plan and vocabulary graphs only.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Optional

import pyoxigraph as ox

from graph.rdf.sparql import internal_query



@dataclass(frozen=True)
class Document:
    """A document a plan names, with what its title says (read by the loaders)."""
    iri: str
    title: str
    kind: str
    region: Optional[str] = None        # GB/T 2260 code of the region it is made for
    start: Optional[int] = None
    end: Optional[int] = None
    type_label: Optional[str] = None    # a plan's subject as its title states it


@dataclass(frozen=True)
class MeasureText:
    """A measure as linking compares it: where it sits in its plan and what it says."""
    iri: str
    number: str
    heading: str
    text: str
    path: str
    kind: str


@dataclass
class Region:
    code: str
    name: str = ""
    level: Optional[str] = None
    parent: Optional[str] = None


@dataclass
class Plan:
    iri: str
    title: str
    region: Optional[str]
    plan_type: Optional[str]            # concept IRI
    type_label: Optional[str]
    start: Optional[int]
    end: Optional[int]
    basis: list[Document] = field(default_factory=list)
    cites: list[Document] = field(default_factory=list)


@dataclass(frozen=True)
class Number:
    text: str
    comparator: Optional[str]
    value: Optional[float]
    unit: Optional[str]


@dataclass(frozen=True)
class IndicatorRow:
    iri: str
    plan: str
    concept: str
    name: str
    position: int
    baseline: Optional[Number]
    target: Optional[Number]


@dataclass
class Corpus:
    plans: dict[str, Plan] = field(default_factory=dict)
    regions: dict[str, Region] = field(default_factory=dict)
    measures: dict[str, list[MeasureText]] = field(default_factory=dict)   # plan -> measures in order
    measure_iris: dict[tuple[str, str], str] = field(default_factory=dict)  # (plan, path) -> IRI
    headings: dict[str, str] = field(default_factory=dict)                # measure IRI -> heading
    sections: dict[str, dict[str, str]] = field(default_factory=dict)     # plan -> path -> title
    indicators: dict[str, list[IndicatorRow]] = field(default_factory=dict)
    _texts: dict[str, dict[str, str]] = field(default_factory=dict, repr=False, compare=False)

    def texts(self, plan: str) -> dict[str, str]:
        """A plan's measure texts by path (built once per plan)."""
        if plan not in self._texts:
            self._texts[plan] = {m.path: m.text for m in self.measures.get(plan, [])}
        return self._texts[plan]

    def chain(self, code: Optional[str]) -> list[str]:
        """The region and the regions above it, nearest first; stops at a loop."""
        out: list[str] = []
        while code and code not in out:
            out.append(code)
            region = self.regions.get(code)
            code = region.parent if region else None
        return out

    def measure_iri(self, plan: str, path: str) -> str:
        return self.measure_iris[(plan, path)]


def _v(row, name):
    term = row[name]
    return None if term is None else term.value


def _int(text):
    return None if text is None else int(text)


def _number(row, prefix) -> Optional[Number]:
    text = _v(row, prefix + "Text")
    if text is None:
        return None
    value = _v(row, prefix + "Value")
    return Number(text, _v(row, prefix + "Comparator"), None if value is None else float(value), _v(row, prefix + "Unit"))


_CORPUS_QUERIES = ("corpus_plans", "corpus_documents", "corpus_regions", "corpus_measures", "corpus_sections",
                   "corpus_indicators")


def read_corpus(store: ox.Store, threads: int = 1) -> Corpus:
    """Everything linking reads, from the plan graphs and the vocabulary graph; the queries in
    ``threads`` threads (Oxigraph lets go of Python's lock while it evaluates one).

    The queries run on the union of all graphs: the links graph (a former run's) holds only link nodes
    and link properties, none of the classes and properties read here, so it adds no row. A default
    graph given as a list of graphs would be evaluated graph by graph for each bound pattern, which
    grows with the square of the corpus."""
    def read(name):
        return list(store.query(internal_query(name), use_default_graph_as_union=True))

    if threads > 1:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            answers = dict(zip(_CORPUS_QUERIES, pool.map(read, _CORPUS_QUERIES)))
    else:
        answers = {name: read(name) for name in _CORPUS_QUERIES}

    def rows(name):
        return answers[name]

    corpus = Corpus()
    for row in rows("corpus_plans"):
        iri = _v(row, "plan")
        if iri not in corpus.plans:
            corpus.plans[iri] = Plan(iri, _v(row, "title"), _v(row, "code"), _v(row, "type"),
                                     _v(row, "typeLabel"), _int(_v(row, "start")), _int(_v(row, "end")))
    for row in rows("corpus_documents"):
        plan = corpus.plans.get(_v(row, "plan"))
        if plan is None:
            continue
        doc = Document(_v(row, "doc"), _v(row, "title"), _v(row, "kind") or "other", _v(row, "code"),
                       _int(_v(row, "start")), _int(_v(row, "end")), _v(row, "typeLabel"))
        (plan.basis if _v(row, "relation").endswith("#basis") else plan.cites).append(doc)
    for plan in corpus.plans.values():
        plan.basis.sort(key=lambda d: d.iri)
        plan.cites.sort(key=lambda d: d.iri)
    for row in rows("corpus_regions"):
        code = _v(row, "code")
        region = corpus.regions.setdefault(code, Region(code))
        region.name = region.name or (_v(row, "name") or "")
        region.level = region.level or _v(row, "level")
        region.parent = region.parent or _v(row, "parent")
    found: dict[str, list[tuple[int, MeasureText]]] = {}
    for row in rows("corpus_measures"):
        plan, path = _v(row, "plan"), _v(row, "path")
        measure = MeasureText(_v(row, "measure"), _v(row, "ordinal") or "", _v(row, "heading"), _v(row, "text"),
                              path, _v(row, "kind"))
        found.setdefault(plan, []).append((int(_v(row, "position")), measure))
        corpus.measure_iris[(plan, path)] = _v(row, "measure")
        corpus.headings[_v(row, "measure")] = measure.heading
    for plan, measures in found.items():
        corpus.measures[plan] = [m for _, m in sorted(measures, key=lambda pm: pm[0])]
    for row in rows("corpus_sections"):
        corpus.sections.setdefault(_v(row, "plan"), {})[_v(row, "path")] = _v(row, "title")
    indicators: dict[str, IndicatorRow] = {}
    for row in rows("corpus_indicators"):
        iri = _v(row, "row")
        indicators.setdefault(iri, IndicatorRow(iri, _v(row, "plan"), _v(row, "concept"), _v(row, "name"),
                                                int(_v(row, "position")), _number(row, "b"), _number(row, "t")))
    for row in sorted(indicators.values(), key=lambda r: (r.plan, r.position, r.iri)):
        corpus.indicators.setdefault(row.plan, []).append(row)
    return corpus
