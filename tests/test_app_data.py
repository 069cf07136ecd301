"""The app's plain-data helpers (no Streamlit): validation sentences, inline diff, reports, downloads, boundaries."""
from __future__ import annotations

import io

import pyoxigraph as ox
import rdflib

from app_pages import geo, map_data, overview_data, report, tables, textdiff
from app_pages.data import Source
from conftest import TEST_DATA
from graph.rdf.validate import validate_graph

WENZHOU = "https://w3id.org/plankg/id/plan/330300-2021-2025-disability"


def test_a_violation_reads_as_a_sentence_with_file_and_line():
    graph = rdflib.Graph().parse(TEST_DATA / "shapes" / "base.ttl", format="turtle")
    graph.update((TEST_DATA / "shapes" / "indicator-without-concept.ru").read_text(encoding="utf-8"))
    row = validate_graph(graph, "base").violations[0]
    text = overview_data.sentence(row)
    assert text.startswith("999999-sample-2021-2025.txt:8: ") and "indicators.ttl" in text and text.endswith("]")


def test_changed_numbers_and_words_are_marked_inline():
    left, right, changes = textdiff.highlight("每年培训残疾人200人次以上，帮助就业。", "每年培训残疾人2000人次以上，促进就业。")
    assert changes == 2
    assert '<mark class="del num">200</mark>' in left and '<mark class="ins num">2000</mark>' in right
    assert '<mark class="del word">帮助</mark>' in left and '<mark class="ins word">促进</mark>' in right
    assert textdiff.highlight("<b>&", "<b>&")[0] == "&lt;b&gt;&amp;"


def test_trace_report_rows_counts_and_printable_page(store):
    source = Source(store_path=None)
    object.__setattr__(source, "store", lambda: store)           # the session's in-memory store
    yueqing = "https://w3id.org/plankg/id/plan/330382-2021-2025-disability"
    links = source.rows("implements", plan=yueqing)
    skipped = source.rows("unimplemented", plan=yueqing, parent=WENZHOU)
    rows = report.rows(links, skipped, source.rows("local_additions", plan=yueqing),
                       source.rows("changed_numbers", plan=yueqing))
    counts = report.counts(rows)
    assert counts["implemented"] + counts["changed"] == 41 and counts["skipped"] == 0
    assert any(r["changedNumbers"] == "200人次 → 2000人次" and r["status"] == "changed" for r in rows)
    page = report.printable("乐清市 规划落实报告", rows, "zh").decode("utf-8")
    assert page.startswith("<!doctype html>") and "200人次 → 2000人次" in page and "@media print" in page
    assert tables.csv_bytes(rows).decode("utf-8-sig").splitlines()[0].startswith("status,measure,heading")


def test_downloads_round_trip(store):
    source = Source(store_path=None)
    object.__setattr__(source, "store", lambda: store)
    triples = source.result("plan_triples", plan=WENZHOU)
    turtle = tables.rdf_bytes(triples, "turtle")
    assert len(rdflib.Graph().parse(data=turtle, format="turtle")) == len(triples.rows) > 2000
    jsonld = tables.rdf_bytes(triples, "jsonld")
    assert len(list(ox.parse(jsonld, ox.RdfFormat.JSON_LD))) == len(triples.rows)
    from openpyxl import load_workbook

    measures = source.rows("measures", plan=WENZHOU)
    book = load_workbook(io.BytesIO(tables.xlsx_bytes({"measures": measures})))
    sheet = book["measures"]
    assert sheet.max_row == len(measures) + 1 == 41 and sheet.cell(1, 1).value == "measure"


def test_boundaries_come_from_the_package_offline():
    assert len(geo.regions("province")) == 34
    assert len(geo.regions("prefecture", "330000")) == 11 and len(geo.regions("county", "330300")) == 12
    features = geo.boundaries("county", "330000")["features"]
    yueqing = next(f for f in features if f["properties"]["code"] == "330382")
    assert yueqing["properties"]["name"] == "乐清市" and yueqing["geometry"]["type"] == "MultiPolygon"
    lon, lat = yueqing["geometry"]["coordinates"][0][0][0]
    assert 120 < lon < 122 and 27 < lat < 29


def test_a_county_plan_counts_for_its_prefecture_and_province():
    plans = [{"plan": "a", "regionCode": "330382", "region": "乐清市"}, {"plan": "b", "regionCode": "330300", "region": "温州市"}]
    assert {k: len(v) for k, v in map_data.plans_by_area(plans, "prefecture").items()} == {"330300": 2}
    assert {k: len(v) for k, v in map_data.plans_by_area(plans, "county").items()} == {"330382": 1}
    assert {k: len(v) for k, v in map_data.plans_by_area(plans, "province").items()} == {"330000": 2}


def test_indicator_matrix_marks_a_missing_indicator_where_the_plan_has_none(store):
    source = Source(store_path=None)
    object.__setattr__(source, "store", lambda: store)
    findings = source.rows("weaker_targets")
    regions, matrix = tables.indicator_matrix(source.rows("indicators"), findings, lambda iri: iri.rsplit("/", 1)[-1])
    assert regions[:2] == ["杭州市", "温州市"] and len(regions) == 5
    missing = [f for f in findings if f["kind"] == "missing-in-child"]
    assert missing
    for f in missing:
        row = next(r for r in matrix if r["indicator"] == f["concept"].rsplit("/", 1)[-1])
        assert "∅" in row[f["region"]]


def test_institution_matrix_names_a_plan_without_a_region_label_by_its_iri(store):
    # at 1,000 plans a plan whose region was not recognised has no region label; its column and the
    # CSV download still work
    from app_pages import tables
    from graph.query import run_query

    rows = run_query("institutions_by_plan", store=store).records()
    assert len({r["region"] for r in rows}) == 5
    unnamed = dict(rows[0], region=None, plan="https://w3id.org/plankg/id/plan/999999-2021-2025-disability")
    matrix = tables.institution_matrix(rows + [unnamed])
    assert "999999-2021-2025-disability" in matrix[0] and "温州市" in matrix[0]
    text = tables.csv_bytes(matrix).decode("utf-8-sig")
    assert text.splitlines()[0].count(",") == 1 + 5 + 1 and "999999-2021-2025-disability" in text


def test_plans_of_regions_with_one_name_get_columns_of_their_own(store):
    # 朝阳区 names a district of Beijing and one of Changchun: their plans must not share a column
    from app_pages import tables
    from graph.query import run_query

    rows = run_query("institutions_by_plan", store=store).records()
    first = rows[0]
    twin = dict(first, plan="https://w3id.org/plankg/id/plan/999999-2021-2025-disability")
    matrix = tables.institution_matrix(rows + [twin])
    row = next(r for r in matrix if r["name"] == first["name"])
    region = first["region"]
    assert region not in row
    assert row[f"{region} 999999-2021-2025-disability"] == first["measures"]
    assert row[f"{region} {first['plan'].rsplit('/', 1)[-1]}"] == first["measures"]


def test_institution_summary_and_scope_count_real_rows(store):
    from app_pages import tables
    from graph.query import run_query

    rows = run_query("institutions_by_plan", store=store).records()
    summary = tables.institution_summary(rows)
    assert len(summary) == len({r["institution"] for r in rows})
    assert sum(r["measures"] for r in summary) == sum(r["measures"] for r in rows)
    top = summary[0]
    assert (top["name"], top["plans"], top["measures"]) == ("衢州市残疾人联合会", 1, 14)
    codes = {r["plan"]: r["plan"].rsplit("/", 1)[-1][:6] for r in rows}
    wenzhou = tables.in_scope(rows, codes, "3303")            # Wenzhou city and Yueqing county
    assert {r["region"] for r in wenzhou} == {"温州市", "乐清市"}
    assert tables.in_scope(rows, codes, "") == rows and tables.in_scope(rows, codes, "11") == []


def test_the_tree_lists_a_bounded_number_of_bodies_per_kind(store):
    from app_pages import tables
    from graph.query import run_query

    tree = tables.institution_tree(run_query("institution_tree", store=store).records())
    label = lambda iri: iri.rsplit("/", 1)[-1]
    whole = tables.tree_lines(tree, label, True)
    short = tables.tree_lines(tree, label, True, limit=2, more=lambda n: f"+{n}")
    heading = next(line for line in whole if line.strip() == "- **disabled-persons-federation** (5)")
    indent = heading[:len(heading) - len(heading.lstrip())] + "  "
    at, at_short = whole.index(heading), short.index(heading)
    assert [line.strip() for line in whole[at + 1:at + 6]] == [
        "- 乐清市残疾人联合会", "- 嘉善县残疾人联合会", "- 杭州市残疾人联合会", "- 温州市残疾人联合会", "- 衢州市残疾人联合会"]
    assert short[at_short + 1:at_short + 4] == whole[at + 1:at + 3] + [indent + "- +3"]
    assert len(short) < len(whole)


def test_an_institution_without_a_jurisdiction_is_one_row_of_the_tree(store):
    # a plan whose region is not recognised names bodies without a jurisdiction; the tree's query once
    # paired each of them with every label in the store (46,628 rows for 4,719 at 1,000 plans)
    import pyoxigraph as ox
    from graph.query import run_query

    jurisdiction = ox.NamedNode("https://w3id.org/plankg/ontology#jurisdiction")
    copy = ox.Store()
    copy.extend(store)
    body = sorted({q.subject.value for q in store.quads_for_pattern(None, jurisdiction, None)})[0]
    for quad in list(copy.quads_for_pattern(ox.NamedNode(body), jurisdiction, None)):
        copy.remove(quad)
    before = run_query("institution_tree", store=store).records()
    after = run_query("institution_tree", store=copy).records()
    assert [r["region"] for r in before if r["institution"] == body] != [None]
    assert [r.get("region") for r in after if r["institution"] == body] == [None]
    assert len(after) == len(before) == 69
