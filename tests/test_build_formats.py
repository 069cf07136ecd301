"""``plankg build --input DIR`` on a folder mixing text, PDF, Word and web-page plans: a conforming graph."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph import open_store, run_query
from graph.rdf.iris import ID
from plankg_cli import main

DATA = Path(__file__).resolve().parent / "data"
TEXTS = ("320500-suzhou-rehab-action-plan.txt", "420100-wuhan-implementation-plan.txt",
         "350000-fujian-eldercare-traditional.txt", "450000-guangxi-extract-running-header.txt")
XIAN = ID + "plan/610100-2021-2025-disability"
WUHAN = ID + "plan/420100-2021-2025-"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mixed")
    for path in (DATA / "formats").glob("*.*"):
        if path.suffix in (".pdf", ".docx", ".html"):
            shutil.copy(path, folder)
    for name in TEXTS:
        shutil.copy(DATA / "layouts" / name, folder)
    store = tmp_path_factory.mktemp("store") / "store"
    assert main(["build", "--input", str(folder), "--store", str(store)]) == 0     # non-zero on any violation
    return store


@pytest.fixture(scope="module")
def store(store_dir):
    return open_store(store_dir)


def rows(store, sparql: str) -> list[tuple]:
    from graph.query.execute import run_sparql

    return [tuple(row.values()) for row in run_sparql(sparql, store=store).records()]


def test_every_format_is_loaded_with_its_source_format(store):
    found = rows(store, """PREFIX pk: <https://w3id.org/plankg/ontology#>
        SELECT ?format (COUNT(?plan) AS ?n) WHERE { GRAPH ?g { ?plan pk:sourceFormat ?format } }
        GROUP BY ?format ORDER BY ?format""")
    assert found == [("docx", 1), ("html", 1), ("pdf", 1), ("text", 4)]


def test_source_query_gives_the_pdf_page_of_a_measure(store):
    (row,) = run_query("source", {"node": XIAN + "/measure/2.2-m1"}, store=store).records()
    assert (row["file"], row["page"], row["format"]) == ("610100-xian-disability.pdf", 3, "pdf")
    assert row["sourceText"].startswith("开展职业技能培训。每年培训残疾人3000人次")
    (indicator,) = run_query("source", {"node": XIAN + "/indicator/1"}, store=store).records()
    assert indicator["page"] == 2
    texts = rows(store, """PREFIX pk: <https://w3id.org/plankg/ontology#>
        SELECT ?page WHERE { GRAPH ?g { ?plan pk:sourceFormat "text" ; pk:sourceSpan ?s .
                                        OPTIONAL { ?s pk:page ?page } } }""")
    assert len(texts) == 4 and all(page is None for (page,) in texts)


def test_traditional_plan_keeps_its_original_text_in_the_graph(store):
    texts = rows(store, """PREFIX pk: <https://w3id.org/plankg/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?title ?text WHERE { GRAPH ?g { ?plan dcterms:title ?title ; pk:sourceSpan/pk:sourceText ?text .
                                               FILTER(CONTAINS(STR(?title), "福建省")) } }""")
    assert texts == [("福建省“十四五”养老服务体系规划", "福建省「十四五」養老服務體系規劃")]


def test_short_issuer_and_levelled_mentions_in_the_graph(store):
    issuers = rows(store, """PREFIX pk: <https://w3id.org/plankg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?label WHERE { GRAPH ?g { ?plan pk:issuer ?org . ?org rdfs:label ?label } } ORDER BY ?label""")
    assert "苏州市人民政府办公室" in {label for (label,) in issuers}
    feds = rows(store, """PREFIX pk: <https://w3id.org/plankg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?org ?label WHERE { GRAPH ?g { ?m pk:mention "残联" ; pk:institution ?org ; pk:inPlan ?plan .
                                              ?org rdfs:label ?label .
                                              FILTER(STRSTARTS(STR(?plan), "%s")) } } ORDER BY ?org""" % WUHAN)
    assert [(org.split("/org/")[1], label) for org, label in feds] == [
        ("420000/disabled-persons-federation", "湖北省残疾人联合会"),
        ("420100/disabled-persons-federation", "武汉市残疾人联合会")]


def test_local_titles_get_the_citing_plans_region_in_their_iri(store):
    docs = rows(store, """PREFIX pk: <https://w3id.org/plankg/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT DISTINCT ?doc WHERE { GRAPH ?g { ?plan pk:basis|pk:cites ?doc . ?doc dcterms:title ?t .
                                                FILTER(STRSTARTS(STR(?t), "全市")) } } ORDER BY ?doc""")
    assert len(docs) == 2 and all(doc.startswith(ID + "doc/420100-") for (doc,) in docs)


def test_goals_targets_stand_in_their_section(store):
    found = rows(store, """PREFIX pk: <https://w3id.org/plankg/ontology#>
        SELECT ?subject ?value ?section WHERE { GRAPH ?g { ?t a pk:QuantitativeTarget ; pk:subject ?subject ;
               pk:numericValue ?value ; pk:inSection ?section . FILTER(CONTAINS(STR(?t), "/320500-")) } }
        ORDER BY ?subject""")
    assert [(s, v, section.rsplit("/", 2)[-2:]) for s, v, section in found] == [
        ("残疾人基本康复服务覆盖率", 90, ["section", "1"]), ("残疾人辅助器具适配率", 95, ["section", "1"])]


def test_short_issuer_name_is_named_in_full_in_the_graph():
    from graph.rdf.build import build_plan
    from loaders import parse

    record = parse(DATA / "layouts" / "440100-guangzhou-special-education.txt")
    quads = build_plan(record)
    labels = {q.object.value for q in quads if q.predicate.value.endswith("#label")
              and "/org/440100/peoples-government" in q.subject.value}
    mentions = {q.object.value for q in quads if q.predicate.value.endswith("#mention")}
    assert labels == {"广州市人民政府"} and "市人民政府" in mentions
