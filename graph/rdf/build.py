"""Plan records to RDF quads: one named graph per plan, regions into the shared vocabulary graph.

Every node gets a deterministic IRI (graph.rdf.iris) and every node read from the text a source span, so
two builds of the same records give the same quads. No blank nodes anywhere.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from graph.rdf import iris
from graph.rdf import namespace
from graph.rdf.namespace import VOCABULARY_GRAPH
from graph.rdf.quads import QuadCollector, Terms, node, typed, zh
from loaders import source_text

VOCABULARY = ox.NamedNode(VOCABULARY_GRAPH)
# the terms this module writes, as Oxigraph nodes (``Terms``: a plan makes about 2,500 quads)
DCTERMS, OA, ORG, PK, RDF, RDFS = (Terms(getattr(namespace, name)) for name in ("DCTERMS", "OA", "ORG", "PK", "RDF", "RDFS"))


def plan_identity(record, vocab=None) -> tuple[str, str | None]:
    """(plan IRI, plan-type concept IRI or None)."""
    vocab = vocab or iris.load_vocabulary()
    concept, slug = vocab.plan_type(record.plan_type)
    code = record.region.code if record.region else None
    return iris.plan_iri(code, record.period_start, record.period_end, slug), concept


def plan_graph_iri(record) -> str:
    return iris.plan_graph_iri(plan_identity(record)[0])


class _PlanBuilder:
    """Collects the quads of one plan; methods are named after the record parts they read."""

    def __init__(self, record, source_text: str | None, vocab):
        self.record, self.text, self.vocab = record, source_text, vocab
        self.plan_iri, self.plan_type = plan_identity(record, vocab)
        self.plan = node(self.plan_iri)
        self.graph = node(iris.plan_graph_iri(self.plan_iri))
        self.region_code = record.region.code if record.region else None
        self.collector = QuadCollector(self.graph)
        self.add = self.collector.add
        self.tables: dict[str, ox.NamedNode] = {}

    def part(self, kind: str, key, cls) -> ox.NamedNode:
        subject = node(iris.part_iri(self.plan_iri, kind, key))
        self.add(subject, RDF.type, node(cls))
        self.add(subject, PK.inPlan, self.plan)
        return subject

    def span(self, subject: ox.NamedNode, span, iri: str | None = None) -> None:
        if span is None:
            return
        s = node(iri or f"{subject.value}/span")
        self.add(subject, PK.sourceSpan, s)
        self.add(s, RDF.type, node(PK.SourceSpan))
        self.add(s, PK.sourceFile, ox.Literal(self.record.file))
        self.add(s, OA.start, typed(span.start, "integer"))
        self.add(s, OA.end, typed(span.end, "integer"))
        self.add(s, PK.startLine, typed(span.start_line, "integer"))
        self.add(s, PK.endLine, typed(span.end_line, "integer"))
        if getattr(span, "page", None) is not None:
            self.add(s, PK.page, typed(span.page, "integer"))
        if self.text is not None:
            self.add(s, PK.sourceText, ox.Literal(self.text[span.start:span.end]))

    def value(self, subject: ox.NamedNode, prop, suffix: str, value, year) -> None:
        if value is None or not (value.text or value.value is not None or value.qualitative):
            return
        v = node(f"{subject.value}/{suffix}")
        self.add(subject, prop, v)
        self.add(v, RDF.type, node(PK.Value))
        self.add(v, PK.printedText, ox.Literal(value.text or ""))
        if value.value is not None:
            self.add(v, PK.comparator, ox.Literal(value.comparator or "="))
            self.add(v, PK.numericValue, typed(value.value, "decimal"))
        self.add(v, PK.unit, value.unit)
        self.add(v, PK.qualitativeStatement, value.qualitative)
        if year is not None:
            self.add(v, PK.year, typed(year, "gYear"))

    # ------------------------------------------------------------ the record's parts
    def build(self) -> list[ox.Quad]:
        self.plan_metadata()
        self.documents()
        self.tables_()
        self.sections()
        self.indicators()
        self.projects()
        self.targets()
        self.institutions()
        return self.collector.unique()     # an institution named twice is described once

    def plan_metadata(self) -> None:
        r, plan = self.record, self.plan
        self.add(plan, RDF.type, node(PK.Plan))
        self.add(plan, DCTERMS.title, zh(r.title))
        if r.region is not None and r.region.code:
            self.add(plan, PK.region, node(iris.region_iri(r.region.code)))
            self.region(r.region)
        for prop, year in ((PK.periodStart, r.period_start), (PK.periodEnd, r.period_end),
                           (PK.outlookYear, r.outlook_year)):
            if year is not None:
                self.add(plan, prop, typed(year, "gYear"))
        self.add(plan, PK.documentNumber, r.doc_number)
        if r.issued:
            self.add(plan, PK.issued, typed(r.issued, "date"))
        self.add(plan, PK.draft, typed(r.draft, "boolean"))
        if self.plan_type:
            self.add(plan, PK.planType, node(self.plan_type))
        self.add(plan, PK.planTypeLabel, r.plan_type)
        self.add(plan, PK.sha256, r.sha256 or None)
        self.add(plan, PK.sourceFormat, getattr(r, "source_format", None) or "text")
        for statement in r.basis_other:
            self.add(plan, PK.basisStatement, statement)
        self.span(plan, r.title_span)

    def region(self, region) -> None:
        """A region and the regions above it, into the vocabulary graph (shared by all plans)."""
        while region is not None and region.code:
            s = node(iris.region_iri(region.code))
            self.add(s, RDF.type, node(PK.Region), VOCABULARY)
            self.add(s, RDFS.label, zh(region.name), VOCABULARY)
            self.add(s, PK.regionCode, region.code, VOCABULARY)
            level = self.vocab.admin_level(region.level)
            if level:
                self.add(s, PK.adminLevel, node(level), VOCABULARY)
            parent = region.parent
            if parent is not None and parent.code:
                self.add(s, PK.partOf, node(iris.region_iri(parent.code)), VOCABULARY)
            region = parent

    def documents(self) -> None:
        for prop, refs in ((PK.basis, self.record.basis), (PK.cites, self.record.citations)):
            for ref in refs:
                # A title naming no region (全市…) means a document of the citing plan's region: one per region.
                local = ref.region.code if getattr(ref, "local", False) and ref.region is not None else None
                doc = node(iris.document_iri(ref.title, local))
                self.add(self.plan, prop, doc)
                self.add(doc, RDF.type, node(PK.ReferencedDocument))
                self.add(doc, DCTERMS.title, zh(ref.title))
                kind = self.vocab.document_kind(ref.kind)
                self.add(doc, PK.documentKind, node(kind) if kind else None)
                self.document_facts(doc, ref)
                key = doc.value.rsplit("/", 1)[-1]
                self.span(doc, ref.span, f"{self.plan_iri}/doc/{key}/span")

    def document_facts(self, doc: ox.NamedNode, ref) -> None:
        """What a referenced document's title says (read by the loaders): region, period, plan type."""
        region = getattr(ref, "region", None)
        if region is not None and region.code:
            self.add(doc, PK.coversRegion, node(iris.region_iri(region.code)))
            self.region(region)
        for prop, year in ((PK.periodStart, getattr(ref, "period_start", None)),
                           (PK.periodEnd, getattr(ref, "period_end", None))):
            if year is not None:
                self.add(doc, prop, typed(year, "gYear"))
        self.add(doc, PK.planTypeLabel, getattr(ref, "plan_type", None))

    def tables_(self) -> None:
        for n, table in enumerate(self.record.tables, start=1):
            t = self.part("table", n, PK.Table)
            self.tables.setdefault(table.caption, t)
            self.add(t, PK.position, typed(n, "integer"))
            self.add(t, PK.caption, table.caption)
            self.add(t, PK.tableKind, table.kind)
            self.add(t, PK.rowCount, typed(table.rows, "integer"))
            if table.section:
                self.add(t, PK.inSection, node(iris.part_iri(self.plan_iri, "section", table.section)))
            self.span(t, table.span)

    def sections(self) -> None:
        position = {"section": 0, "measure": 0}

        def component(kind: str, cls, item, parent) -> ox.NamedNode:
            """A section or measure node: its place in the plan, in document order."""
            position[kind] += 1
            s = self.part(kind, item.path, cls)
            self.add(s, PK.parent, parent)
            self.add(s, PK.path, item.path)
            self.add(s, PK.position, typed(position[kind], "integer"))
            self.add(s, PK.ordinal, item.number)
            return s

        def measure(m, parent) -> None:
            s = component("measure", PK.Measure, m, parent)
            self.add(s, PK.heading, m.heading)
            self.add(s, PK.text, m.text)
            self.add(s, PK.measureKind, m.kind)
            if m.table and m.table in self.tables:
                self.add(s, PK.inTable, self.tables[m.table])
            self.span(s, m.span)
            for item in m.items:
                measure(item, s)

        def section(sec, parent) -> None:
            s = component("section", PK.Section, sec, parent)
            self.add(s, DCTERMS.title, zh(sec.title))
            self.add(s, PK.level, typed(sec.level, "integer"))
            self.add(s, PK.text, sec.text or None)
            self.span(s, sec.span)
            for m in sec.measures:
                measure(m, s)
            for child in sec.children:
                section(child, s)

        for top in self.record.sections:
            section(top, self.plan)

    def indicator_row(self, kind: str, cls, row, position: int) -> ox.NamedNode:
        s = self.part(kind, row.no, cls)
        self.add(s, PK.ordinal, row.no)
        self.add(s, PK.position, typed(position, "integer"))
        self.add(s, PK.printedName, row.name)
        concept = self.vocab.indicator(row.name)
        self.add(s, PK.concept, node(concept) if concept else None)
        attribute = self.vocab.attribute(row.attribute)
        self.add(s, PK.attribute, node(attribute) if attribute else None)
        if row.table and row.table in self.tables:
            self.add(s, PK.inTable, self.tables[row.table])
        self.span(s, row.span)
        return s

    def indicators(self) -> None:
        r = self.record
        base_year = r.period_start - 1 if r.period_start else None
        for n, row in enumerate(r.indicators, start=1):
            s = self.indicator_row("indicator", PK.Indicator, row, n)
            self.add(s, PK.note, row.note or None)
            self.value(s, PK.baseline, "baseline", row.baseline, base_year)
            self.value(s, PK.target, "target", row.target, r.period_end)
        for n, row in enumerate(r.previous_indicators, start=1):
            s = self.indicator_row("previous-indicator", PK.PreviousIndicator, row, n)
            self.value(s, PK.plannedValue, "planned", row.planned, base_year)
            self.value(s, PK.achievedValue, "achieved", row.achieved, base_year)

    def projects(self) -> None:
        for n, p in enumerate(self.record.projects, start=1):
            s = self.part("project", p.no, PK.Project)
            self.add(s, PK.ordinal, p.no)
            self.add(s, PK.position, typed(n, "integer"))
            self.add(s, DCTERMS.title, zh(p.name))
            if p.floor_area_m2 is not None:
                self.add(s, PK.floorArea, typed(p.floor_area_m2, "decimal"))
            if p.investment_wan_yuan is not None:
                self.add(s, PK.investment, typed(p.investment_wan_yuan, "decimal"))
            self.add(s, PK.projectFunction, p.content)
            self.add(s, PK.projectLevel, p.level)
            self.span(s, p.span)

    def targets(self) -> None:
        for n, t in enumerate(self.record.targets, start=1):
            s = self.part("target", n, PK.QuantitativeTarget)
            self.add(s, PK.position, typed(n, "integer"))
            self.add(s, PK.subject, t.subject)
            self.add(s, PK.printedText, t.text)
            self.add(s, PK.comparator, t.comparator)
            self.add(s, PK.numericValue, typed(t.value, "decimal"))
            self.add(s, PK.unit, t.unit)
            self.add(s, PK.qualifier, t.qualifier)
            if t.measure:
                self.add(s, PK.statedIn, node(iris.part_iri(self.plan_iri, "measure", t.measure)))
            elif getattr(t, "section", None):
                self.add(s, PK.inSection, node(iris.part_iri(self.plan_iri, "section", t.section)))
            self.span(s, t.span)

    def institution(self, key: str, name: str, region_code: str | None = None) -> ox.NamedNode:
        region_code = region_code or self.region_code
        org = node(iris.institution_iri(region_code, key))
        self.add(org, RDF.type, node(PK.Institution))
        self.add(org, RDF.type, node(ORG.Organization))
        self.add(org, RDFS.label, zh(name))
        if region_code:
            self.add(org, PK.jurisdiction, node(iris.region_iri(region_code)))
        concept = self.vocab.institution(key)
        self.add(org, PK.institutionType, node(concept) if concept else None)
        return org

    def institutions(self) -> None:
        issuer_keys = {m.mention: m.id for m in self.record.institutions if m.role == "issuer"}
        # One label per body: the issuer's name as printed, else the region's name and the generic name
        # (残联 in a city plan is that city's 残疾人联合会).
        # An issuer printed short (市人民政府) is keyed by its printed form and named in full.
        printed = getattr(self.record, "issuers_printed", None) or self.record.issuers
        full_names = {issuer_keys[p]: name for name, p in zip(self.record.issuers, printed) if p in issuer_keys}
        region = self.record.region.name if self.record.region else ""
        for name, p in zip(self.record.issuers, printed):
            key = issuer_keys.get(p) or iris.institution_key(name)
            self.add(self.plan, PK.issuer, self.institution(key, name))
        for n, m in enumerate(self.record.institutions, start=1):
            # 省残联 in a city plan is the province's federation: the mention names its region's level.
            other = getattr(m, "region", None)
            if other is not None and other.code and other.code != self.region_code:
                org = self.institution(m.id, f"{other.name}{m.name}", other.code)
            else:
                org = self.institution(m.id, full_names.get(m.id) or f"{region}{m.name}")
            s = self.part("mention", n, PK.InstitutionMention)
            self.add(s, PK.institution, org)
            self.add(s, PK.mention, m.mention)
            self.add(s, PK.role, m.role)
            if m.measure:
                measure = node(iris.part_iri(self.plan_iri, "measure", m.measure))
                self.add(s, PK.statedIn, measure)
                if m.role == "involved":
                    self.add(measure, PK.involves, org)
            self.span(s, m.span)


def read_source(record, source_dir) -> str | None:
    """The text the record's offsets point into (decoded, or extracted from a PDF, DOCX or HTML file)."""
    candidates = [Path(source_dir) / record.file] if source_dir is not None else []
    if getattr(record, "path", ""):
        candidates.append(Path(record.path))  # a file in a subfolder of source_dir
    path = next((c for c in candidates if c.is_file()), None)
    if path is None:
        return None
    return source_text(path)


def build_plan(record, source_dir=None, vocab=None) -> list[ox.Quad]:
    """The quads of one plan: its named graph, plus its regions in the vocabulary graph."""
    vocab = vocab or iris.load_vocabulary()
    return _PlanBuilder(record, read_source(record, source_dir), vocab).build()


def vocabulary_quads() -> Iterator[ox.Quad]:
    """The ontology and the SKOS schemes of ontology/*.ttl, in the vocabulary graph."""
    for t in iris.vocabulary_triples():
        yield ox.Quad(t.subject, t.predicate, t.object, VOCABULARY)


def build(records: Iterable, source_dir=None) -> Iterator[ox.Quad]:
    """Every quad of a corpus: the vocabulary graph, then each plan's graph."""
    yield from vocabulary_quads()
    vocab = iris.load_vocabulary()
    for record in records:
        yield from build_plan(record, source_dir, vocab)
