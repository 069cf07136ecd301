"""Read what linking needs from the plan graphs of a store: plans, documents, regions, measures, indicators.

Linking reads the store, not the records, so ``plankg link`` can run on a built store alone; what a
referenced document's title says (region, period, plan type) was read by the loaders and stored with
it, so nothing here parses text. The links graph itself is never read back: relinking starts from the
plan and vocabulary graphs only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import pyoxigraph as ox

from graph.rdf.namespace import LINKS_GRAPH

PREFIXES = """PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
PLANS = PREFIXES + """SELECT ?plan ?title ?code ?type ?typeLabel ?start ?end WHERE {
  ?plan a pk:Plan ; dcterms:title ?title .
  OPTIONAL { ?plan pk:region/pk:regionCode ?code }
  OPTIONAL { ?plan pk:planType ?type }
  OPTIONAL { ?plan pk:planTypeLabel ?typeLabel }
  OPTIONAL { ?plan pk:periodStart ?start }
  OPTIONAL { ?plan pk:periodEnd ?end }
}"""
# A document is described in the graph of every plan naming it: join inside one graph, not across them.
DOCUMENTS = PREFIXES + """SELECT DISTINCT ?plan ?relation ?doc ?title ?kind ?code ?start ?end ?typeLabel WHERE {
  VALUES ?relation { pk:basis pk:cites }
  GRAPH ?g { ?plan ?relation ?doc . ?doc dcterms:title ?title . OPTIONAL { ?doc pk:documentKind ?k }
             OPTIONAL { ?doc pk:coversRegion ?region } OPTIONAL { ?doc pk:periodStart ?start }
             OPTIONAL { ?doc pk:periodEnd ?end } OPTIONAL { ?doc pk:planTypeLabel ?typeLabel } }
  OPTIONAL { ?k skos:notation ?kind }
  OPTIONAL { ?region pk:regionCode ?code }
}"""
REGIONS = PREFIXES + """SELECT DISTINCT ?code ?name ?level ?parent WHERE {
  ?region a pk:Region ; pk:regionCode ?code .
  OPTIONAL { ?region rdfs:label ?name }
  OPTIONAL { ?region pk:adminLevel/skos:notation ?level }
  OPTIONAL { ?region pk:partOf/pk:regionCode ?parent }
}"""
MEASURES = PREFIXES + """SELECT ?plan ?measure ?path ?ordinal ?heading ?text ?kind ?position WHERE {
  ?measure a pk:Measure ; pk:inPlan ?plan ; pk:path ?path ; pk:heading ?heading ; pk:text ?text ;
           pk:measureKind ?kind ; pk:position ?position .
  OPTIONAL { ?measure pk:ordinal ?ordinal }
}"""
SECTIONS = PREFIXES + """SELECT ?plan ?path ?title WHERE {
  ?section a pk:Section ; pk:inPlan ?plan ; pk:path ?path ; dcterms:title ?title .
}"""
INDICATORS = PREFIXES + """SELECT ?plan ?row ?concept ?name ?position
       ?bComparator ?bValue ?bUnit ?bText ?tComparator ?tValue ?tUnit ?tText WHERE {
  ?row a pk:Indicator ; pk:inPlan ?plan ; pk:concept ?concept ; pk:printedName ?name ; pk:position ?position .
  OPTIONAL { ?row pk:baseline ?b . ?b pk:printedText ?bText .
             OPTIONAL { ?b pk:comparator ?bComparator } OPTIONAL { ?b pk:numericValue ?bValue }
             OPTIONAL { ?b pk:unit ?bUnit } }
  OPTIONAL { ?row pk:target ?t . ?t pk:printedText ?tText .
             OPTIONAL { ?t pk:comparator ?tComparator } OPTIONAL { ?t pk:numericValue ?tValue }
             OPTIONAL { ?t pk:unit ?tUnit } }
}"""


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


def read_corpus(store: ox.Store) -> Corpus:
    """Everything linking reads, from every named graph except the links graph."""
    graphs = sorted((g for g in store.named_graphs() if g.value != LINKS_GRAPH), key=lambda g: g.value)

    def rows(text):
        return list(store.query(text, default_graph=graphs)) if graphs else []

    corpus = Corpus()
    for row in rows(PLANS):
        iri = _v(row, "plan")
        if iri not in corpus.plans:
            corpus.plans[iri] = Plan(iri, _v(row, "title"), _v(row, "code"), _v(row, "type"),
                                     _v(row, "typeLabel"), _int(_v(row, "start")), _int(_v(row, "end")))
    for row in rows(DOCUMENTS):
        plan = corpus.plans.get(_v(row, "plan"))
        if plan is None:
            continue
        doc = Document(_v(row, "doc"), _v(row, "title"), _v(row, "kind") or "other", _v(row, "code"),
                       _int(_v(row, "start")), _int(_v(row, "end")), _v(row, "typeLabel"))
        (plan.basis if _v(row, "relation").endswith("#basis") else plan.cites).append(doc)
    for plan in corpus.plans.values():
        plan.basis.sort(key=lambda d: d.iri)
        plan.cites.sort(key=lambda d: d.iri)
    for row in rows(REGIONS):
        code = _v(row, "code")
        region = corpus.regions.setdefault(code, Region(code))
        region.name = region.name or (_v(row, "name") or "")
        region.level = region.level or _v(row, "level")
        region.parent = region.parent or _v(row, "parent")
    found: dict[str, list[tuple[int, MeasureText]]] = {}
    for row in rows(MEASURES):
        plan, path = _v(row, "plan"), _v(row, "path")
        measure = MeasureText(_v(row, "measure"), _v(row, "ordinal") or "", _v(row, "heading"), _v(row, "text"),
                              path, _v(row, "kind"))
        found.setdefault(plan, []).append((int(_v(row, "position")), measure))
        corpus.measure_iris[(plan, path)] = _v(row, "measure")
        corpus.headings[_v(row, "measure")] = measure.heading
    for plan, measures in found.items():
        corpus.measures[plan] = [m for _, m in sorted(measures, key=lambda pm: pm[0])]
    for row in rows(SECTIONS):
        corpus.sections.setdefault(_v(row, "plan"), {})[_v(row, "path")] = _v(row, "title")
    indicators: dict[str, IndicatorRow] = {}
    for row in rows(INDICATORS):
        iri = _v(row, "row")
        indicators.setdefault(iri, IndicatorRow(iri, _v(row, "plan"), _v(row, "concept"), _v(row, "name"),
                                                int(_v(row, "position")), _number(row, "b"), _number(row, "t")))
    for row in sorted(indicators.values(), key=lambda r: (r.plan, r.position, r.iri)):
        corpus.indicators.setdefault(row.plan, []).append(row)
    return corpus
