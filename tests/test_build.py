"""Records to RDF: the real plans' facts in the graph, deterministic IRIs, spans with verbatim text."""
from __future__ import annotations

import pyoxigraph as ox

from conftest import PLANS_DIR
from graph.rdf.build import build_plan, plan_identity
from graph.rdf.namespace import DCTERMS, OA, PK, RDF, VOCABULARY_GRAPH
from loaders.encoding import read_text
from loaders.records import Indicator, PlanRecord, Region, Section, Span, Value

ID = "https://w3id.org/plankg/id/"
CI = ID + "concept/indicator/"


def objects(store, subject: str, predicate) -> list:
    return [q.object for q in store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(str(predicate)), None, None)]


def one(store, subject: str, predicate) -> str:
    found = objects(store, subject, predicate)
    assert len(found) == 1, (subject, predicate, found)
    return found[0].value


def instances(store, cls, plan_iri: str) -> list[str]:
    graph = ox.NamedNode(plan_iri + "/graph")
    return sorted(q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(cls)), graph))


def test_plan_iris_come_from_region_period_and_plan_type(plan_iris):
    assert plan_iris["wenzhou"] == ID + "plan/330300-2021-2025-disability"
    assert plan_iris["yueqing"] == ID + "plan/330382-2021-2025-disability"
    assert len(set(plan_iris.values())) == 5


def test_wenzhou_indicator_4_target_and_baseline(store, plan_iris):
    indicator = plan_iris["wenzhou"] + "/indicator/4"
    assert one(store, indicator, PK.concept) == CI + "disability-home-coverage"
    assert one(store, indicator, PK.attribute) == ID + "concept/attribute/binding"
    assert one(store, indicator, PK.printedName) == "“残疾人之家”覆盖率"
    target = one(store, indicator, PK.target)
    assert target == indicator + "/target"
    assert one(store, target, PK.comparator) == ">="
    assert float(one(store, target, PK.numericValue)) == 90
    assert one(store, target, PK.unit) == "%"
    assert one(store, target, PK.year) == "2025"
    assert one(store, target, PK.printedText) == "≥90%"
    baseline = one(store, indicator, PK.baseline)
    assert float(one(store, baseline, PK.numericValue)) == 80 and one(store, baseline, PK.year) == "2020"


def test_qualitative_target(store, plan_iris):
    target = plan_iris["wenzhou"] + "/indicator/1/target"
    assert "GDP" in one(store, target, PK.qualitativeStatement)
    assert objects(store, target, PK.numericValue) == []


def test_hangzhou_projects_and_assistive_device_row(store, plan_iris):
    plan = plan_iris["hangzhou"]
    projects = instances(store, PK.Project, plan)
    assert len(projects) == 7
    first = plan + "/project/1"
    assert float(one(store, first, PK.floorArea)) == 25000
    assert float(one(store, first, PK.investment)) == 18500
    assert one(store, first, DCTERMS.title) == "杭州市残疾人综合服务中心改(扩)建工程"
    row = plan + "/indicator/12"
    assert one(store, row, PK.printedName) == "残疾人辅助器具服务率"
    assert one(store, row, PK.concept) == one(store, plan_iris["wenzhou"] + "/indicator/12", PK.concept)
    assert len(instances(store, PK.PreviousIndicator, plan)) == 16


def test_indicator_counts_per_plan(store, plan_iris):
    counts = {name: len(instances(store, PK.Indicator, iri)) for name, iri in plan_iris.items()}
    assert counts == {"quzhou": 14, "wenzhou": 14, "jiashan": 14, "yueqing": 13, "hangzhou": 15}


def test_plan_metadata(store, plan_iris):
    wenzhou, yueqing = plan_iris["wenzhou"], plan_iris["yueqing"]
    assert one(store, wenzhou, DCTERMS.title) == "温州市残疾人事业发展“十四五”规划"
    assert one(store, wenzhou, PK.documentNumber) == "温政发〔2021〕13号"
    assert one(store, wenzhou, PK.issued) == "2021-08-31"
    assert one(store, wenzhou, PK.draft) == "false"
    assert (one(store, wenzhou, PK.periodStart), one(store, wenzhou, PK.periodEnd)) == ("2021", "2025")
    assert one(store, wenzhou, PK.outlookYear) == "2035"
    assert one(store, yueqing, PK.draft) == "true"
    assert objects(store, yueqing, PK.documentNumber) == []
    assert one(store, wenzhou, PK.planType) == ID + "concept/plan-type/disability"


def test_regions_live_in_the_vocabulary_graph(store, plan_iris):
    region = one(store, plan_iris["yueqing"], PK.region)
    assert region == ID + "region/330382"
    vocabulary = ox.NamedNode(VOCABULARY_GRAPH)
    parent = [q.object.value for q in store.quads_for_pattern(ox.NamedNode(region), ox.NamedNode(str(PK.partOf)), None, vocabulary)]
    assert parent == [ID + "region/330300"]


def test_measures_sections_and_their_parents(store, plan_iris):
    plan = plan_iris["wenzhou"]
    measures = instances(store, PK.Measure, plan)
    assert len(measures) >= 40
    for measure in measures:
        assert one(store, measure, PK.inPlan) == plan
        assert measure.startswith(plan + "/measure/")
        parent = one(store, measure, PK.parent)
        assert parent.startswith(plan + "/section/") or parent.startswith(plan + "/measure/")


def test_every_span_text_is_the_original_at_its_offsets(store, records, plan_iris):
    for name, record in records.items():
        text = read_text(PLANS_DIR / record.file)[0]
        spans = instances(store, PK.SourceSpan, plan_iris[name])
        assert len(spans) > 50
        for span in spans:
            start, end = int(one(store, span, OA.start)), int(one(store, span, OA.end))
            assert one(store, span, PK.sourceText) == text[start:end]
            assert one(store, span, PK.sourceFile) == record.file


def test_no_blank_nodes(store):
    for quad in store:
        assert not isinstance(quad.subject, ox.BlankNode) and not isinstance(quad.object, ox.BlankNode)


def test_building_twice_gives_the_same_quads(records):
    record = records["quzhou"]
    first = sorted(map(str, build_plan(record, PLANS_DIR)))
    assert first == sorted(map(str, build_plan(record, PLANS_DIR)))
    assert len(first) == len(set(first))


def small_record(plan_type="养老服务体系建设规划", indicator="某个没有概念的指标") -> PlanRecord:
    span = Span(1, 1, 0, 10)
    return PlanRecord(
        file="999999-test.txt", title="测试市养老服务体系建设“十四五”规划",
        region=Region("测试市", "999999", "prefecture", Region("测试省", "990000", "provincial")),
        period_start=2021, period_end=2025, outlook_year=2035, issuers=[], doc_number=None, issued=None,
        draft=True, plan_type=plan_type, basis=[], basis_other=["有关工作要求"], citations=[],
        sections=[Section("一", "总体要求", span, 1, "1")],
        indicators=[Indicator("1", indicator, "约束性", Value("90%", "=", 90.0, "%"), Value("≥95%", ">=", 95.0, "%"), None, span)],
        previous_indicators=[], tables=[], projects=[], targets=[], institutions=[], title_span=span)


def test_hand_made_record_unknown_plan_type_and_indicator():
    record = small_record()
    plan, concept = plan_identity(record)
    assert concept is None
    slug = plan.rsplit("-", 1)[1]
    assert slug.startswith("t") and plan == plan_identity(small_record())[0]
    quads = build_plan(record)                      # no source folder: spans without verbatim text
    predicates = {q.predicate.value for q in quads if q.subject.value == plan + "/indicator/1"}
    assert str(PK.concept) not in predicates and str(PK.attribute) in predicates
    assert not any(q.predicate.value == str(PK.sourceText) for q in quads)
    assert ox.Literal("有关工作要求") in {q.object for q in quads if q.predicate.value == str(PK.basisStatement)}


def test_each_body_has_one_label(store):
    """An issuing body keeps its printed name; a body a measure names gets its region's name."""
    from graph.query.execute import run_sparql

    text = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX pk: <https://w3id.org/plankg/ontology#>
    SELECT ?org (COUNT(DISTINCT ?label) AS ?n) (SAMPLE(?label) AS ?name)
    WHERE { ?org a pk:Institution ; rdfs:label ?label } GROUP BY ?org"""
    rows = run_sparql(text, store=store).records()
    assert rows and all(r["n"] == 1 for r in rows)
    names = {r["org"].rsplit("/", 2)[-2] + "/" + r["org"].rsplit("/", 1)[-1]: r["name"] for r in rows}
    assert names["330300/peoples-government"] == "温州市人民政府"
    assert names["330800/development-reform"] == "衢州市发展和改革委员会"
    assert names["330382/disabled-persons-federation"] == "乐清市残疾人联合会"
