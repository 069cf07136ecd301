"""Dereferenceable IRIs: resource pages and the ontology by content negotiation, directly and from a running ``plankg serve``."""
from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import PLANS_DIR
from graph.query.endpoint import free_port
from graph.serve.negotiate import choose, split_suffix
from graph.serve.resources import ontology, resource

ID = "https://w3id.org/plankg/id/"
PK = "https://w3id.org/plankg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
WENZHOU = "/id/plan/330300-2021-2025-disability"
MEASURE = WENZHOU + "/measure/2.1-m4"
CONCEPT = "/id/concept/indicator/disability-home-coverage"
RDF_FORMATS = {"text/turtle": (".ttl", ox.RdfFormat.TURTLE), "application/ld+json": (".jsonld", ox.RdfFormat.JSON_LD),
               "application/n-triples": (".nt", ox.RdfFormat.N_TRIPLES)}
# (path, IRI the answer must describe, its rdf:type, a label it must carry)
RESOURCES = [
    (WENZHOU, ID + WENZHOU[4:], PK + "Plan", "温州市残疾人事业发展“十四五”规划"),
    (MEASURE, ID + MEASURE[4:], PK + "Measure", "加强应急管理中对残疾人的保护和救助"),
    (CONCEPT, ID + CONCEPT[4:], "http://www.w3.org/2004/02/skos/core#Concept", "残疾人之家覆盖率"),
    ("/ontology", PK + "Measure", "http://www.w3.org/2002/07/owl#Class", "措施"),
]


def wenzhou_line(fragment: str) -> int:
    text = (PLANS_DIR / "330300-wenzhou-2021-2025.txt").read_text(encoding="utf-8")
    return text[:text.index(fragment)].count("\n") + 1


@pytest.mark.parametrize("accept, expected", [
    ("", "text/html"), ("*/*", "text/html"), ("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8", "text/html"),
    ("text/turtle", "text/turtle"), ("application/ld+json;q=0.9, text/turtle;q=0.5", "application/ld+json"),
    ("application/json", "application/ld+json"), ("text/plain", "application/n-triples"), ("image/png", None),
    ("text/turtle;q=0", None)])
def test_accept_header_picks_the_format(accept, expected):
    assert choose(accept) == expected


def test_a_suffix_picks_the_format_and_names_the_same_resource():
    assert split_suffix(MEASURE + ".jsonld") == (MEASURE, "application/ld+json")
    assert split_suffix(WENZHOU) == (WENZHOU, None)


def test_the_measure_page_shows_labels_type_linked_values_incoming_links_and_its_source(store):
    answer = resource(store, MEASURE, "text/html")
    assert answer.status == 200 and answer.content_type == "text/html; charset=utf-8"
    page = answer.body.decode("utf-8")
    assert "<h1>加强应急管理中对残疾人的保护和救助</h1>" in page
    assert re.search(r'类型 Type: <a href="/ontology#Measure">措施</a> <span class="lang">measure</span>', page)
    # a value that is a resource: a link to its page, shown by its label
    assert f'<a href="{WENZHOU}">温州市残疾人事业发展“十四五”规划</a>' in page
    # the source: file, the lines it spans in the real file, the sentence as printed
    start = wenzhou_line("加强应急管理中对残疾人的保护和救助。")
    assert start > 100 and f"330300-wenzhou-2021-2025.txt，第 {start}–" in page
    assert "<blockquote lang=\"zh\">加强应急管理中对残疾人的保护和救助。各类公共卫生立" in page
    # incoming: Yueqing's measure implements this one
    incoming = page[page.index("Incoming links"):]
    assert '/id/plan/330382-2021-2025-disability/measure/' in incoming and ">落实</a>" in incoming


def test_the_concept_page_has_chinese_and_english_labels(store):
    page = resource(store, CONCEPT, "").body.decode("utf-8")
    assert "<h1>残疾人之家覆盖率</h1>" in page and '<p class="en" lang="en">coverage of Homes for Disabled People</p>' in page
    assert page.count("/id/plan/") >= 5  # the five plans' indicator rows point at it


@pytest.mark.parametrize("media", sorted(RDF_FORMATS))
def test_rdf_formats_parse_back_to_the_same_triples(store, media):
    suffix, fmt = RDF_FORMATS[media]
    by_accept = resource(store, MEASURE, media)
    by_suffix = resource(store, MEASURE + suffix, "text/html")
    assert by_accept.status == by_suffix.status == 200 and by_accept.body == by_suffix.body
    assert by_accept.headers["Vary"] == "Accept"
    parsed = {q.triple for q in ox.parse(by_accept.body, format=fmt)}
    measure = ox.NamedNode(ID + MEASURE[4:])
    expected = {q.triple for q in store.quads_for_pattern(measure, None, None, None)}
    expected |= {q.triple for q in store.quads_for_pattern(None, None, measure, None)}
    assert parsed == expected and len(expected) > 10


def test_unknown_iris_get_a_404_page_and_unacceptable_formats_a_406(store):
    page = resource(store, "/id/plan/000000-2021-2025-nothing", "text/html")
    assert page.status == 404 and "未找到 Not found" in page.body.decode("utf-8")
    plain = resource(store, "/id/plan/000000-2021-2025-nothing.ttl", "")
    assert plain.status == 404 and plain.body.decode() == f"{ID}plan/000000-2021-2025-nothing: no such resource in this graph\n"
    assert resource(store, MEASURE, "image/png").status == 406


def test_the_ontology_is_the_pylode_document_or_its_turtle():
    html = ontology("/ontology", "text/html")
    assert html.status == 200 and "<title>PlanKG 规划知识图谱本体 · PlanKG ontology</title>" in html.body.decode("utf-8")
    turtle = ontology("/ontology", "text/turtle")
    triples = {q.triple for q in ox.parse(turtle.body, format=ox.RdfFormat.TURTLE)}
    assert ox.Triple(ox.NamedNode(PK + "Measure"), ox.NamedNode(RDF_TYPE), ox.NamedNode("http://www.w3.org/2002/07/owl#Class")) in triples


# ---------------------------------------------------------------------------------------------
# A running plankg serve
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def served(built_store_dir):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "plankg_cli", "serve", "--store", str(built_store_dir),
                                "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(url + "/health", timeout=2):
                break
        except (urllib.error.URLError, OSError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"plankg serve did not start: {process.stderr.read().decode(errors='replace')}")
            time.sleep(0.3)
    yield url
    process.terminate()
    process.wait(30)


def fetch(url: str, accept: str = "") -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as problem:
        return problem.code, problem.headers["Content-Type"], problem.read()


@pytest.mark.parametrize("path, iri, rdf_type, label", RESOURCES, ids=["plan", "measure", "concept", "ontology-term"])
def test_serve_answers_each_resource_in_every_format(served, path, iri, rdf_type, label):
    status, content_type, body = fetch(served + path, "text/html")
    assert status == 200 and content_type.startswith("text/html") and label in body.decode("utf-8")
    for media, (suffix, fmt) in RDF_FORMATS.items():
        for url, accept in ((served + path, media), (served + path + suffix, "")):
            status, content_type, body = fetch(url, accept)
            assert status == 200 and content_type.split(";")[0] == media, (url, accept)
            triples = {q.triple for q in ox.parse(body, format=fmt)}
            subject = ox.NamedNode(iri)
            assert ox.Triple(subject, ox.NamedNode(RDF_TYPE), ox.NamedNode(rdf_type)) in triples, (url, media)
            assert any(t.subject == subject and isinstance(t.object, ox.Literal) and t.object.value == label
                       for t in triples), (url, media)


def test_serve_answers_unknown_iris_with_404(served):
    status, content_type, body = fetch(served + "/id/plan/000000-2021-2025-nothing", "text/html")
    assert status == 404 and content_type.startswith("text/html") and "Not found" in body.decode("utf-8")


def test_serve_describes_itself_and_the_dataset(served):
    status, _, body = fetch(served + "/query", "text/turtle")
    assert status == 200
    sd = "http://www.w3.org/ns/sparql-service-description#"
    triples = [q.triple for q in ox.parse(body, format=ox.RdfFormat.TURTLE)]
    service = ox.NamedNode(served + "/query")
    assert ox.Triple(service, ox.NamedNode(RDF_TYPE), ox.NamedNode(sd + "Service")) in triples
    assert ox.Triple(service, ox.NamedNode(sd + "feature"), ox.NamedNode(sd + "UnionDefaultGraph")) in triples
    assert sum(1 for t in triples if t.predicate.value == sd + "namedGraph") == 9
    status, _, body = fetch(served + "/.well-known/void", "text/turtle")
    void = {q.triple for q in ox.parse(body, format=ox.RdfFormat.TURTLE)}
    assert status == 200 and ox.Triple(ox.NamedNode(ID + "dataset"), ox.NamedNode(RDF_TYPE),
                                       ox.NamedNode("http://rdfs.org/ns/void#Dataset")) in void


def test_the_measure_page_in_a_real_browser(served, tmp_path):
    from playwright.sync_api import sync_playwright

    from test_app import CHROMIUM, CHROMIUM_FLAGS

    assert Path(CHROMIUM).exists(), "headless Chromium is installed by 'make test' (Debian package chromium)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 1400})
            page.goto(served + MEASURE)
            assert page.locator("h1").inner_text() == "加强应急管理中对残疾人的保护和救助"
            assert page.locator("blockquote").first.inner_text().startswith("加强应急管理中对残疾人的保护和救助。")
            page.screenshot(path=str(tmp_path / "measure.png"), full_page=True)
            assert (tmp_path / "measure.png").stat().st_size > 20_000
            page.get_by_role("link", name="温州市残疾人事业发展“十四五”规划").first.click()
            page.wait_for_url(served + WENZHOU)
            assert page.locator("h1").inner_text() == "温州市残疾人事业发展“十四五”规划"
            page.goto(served + "/ontology")
            assert "PlanKG" in page.title()
        finally:
            browser.close()
