"""The catalogue documents itself: every .rq has a complete header and README sections match them."""
from pathlib import Path

import pytest
from rdflib.plugins.sparql.parser import parseQuery

from graph.query.catalogue import CatalogueError, load_catalogue, load_query, markdown, sync_documents

ROOT = Path(__file__).resolve().parent.parent

CONTRACT = {
    "plans": ["plan", "title", "region", "regionCode", "level", "periodStart", "periodEnd", "issued",
              "draft", "sections", "measures", "indicators"],
    "indicators": ["plan", "region", "indicator", "concept", "conceptLabelEn", "attribute",
                   "baselineText", "baselineValue", "targetText", "targetComparator", "targetValue",
                   "unit", "note"],
    "indicator_compare": ["region", "level", "attribute", "baselineValue", "targetComparator",
                          "targetValue", "targetText"],
    "basis": ["plan", "region", "basisTitle", "basisKind", "basisPlan", "inCorpus"],
    "measures": ["measure", "sectionPath", "ordinal", "heading", "text"],
    "search": ["plan", "region", "measure", "heading", "snippet"],
    "institutions": ["institution", "name", "region", "measures", "plans"],
    "targets": ["plan", "measure", "subject", "comparator", "value", "unit", "qualifier"],
}
PARAMS = {"indicator_compare": ["concept"], "derivation_chain": ["plan"], "measures": ["plan", "keyword"],
          "search": ["text"], "measures_by_institution": ["institution"]}
REQUIRED_NAMES = set(CONTRACT) | set(PARAMS) | {"citations", "projects", "previous_period"}


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def test_catalogue_has_the_contract_queries(catalogue):
    assert len(catalogue) >= 15
    assert REQUIRED_NAMES <= set(catalogue)
    for name, columns in CONTRACT.items():
        assert catalogue[name].column_names[:len(columns)] == columns, name
    for name, params in PARAMS.items():
        assert [p.name for p in catalogue[name].params] == params, name


@pytest.mark.parametrize("path", sorted((ROOT / "queries").glob("*.rq")), ids=lambda p: p.stem)
def test_every_query_has_a_complete_header(path):
    query = load_query(path)
    assert query.summary and query.summary_zh and query.tags and query.columns
    assert any("\u4e00" <= ch <= "\u9fff" for ch in query.summary_zh), "summary_zh is not Chinese"
    for p in query.params:
        assert p.description and p.type
    # the documented columns are exactly the SELECT clause, in order
    projection = parseQuery(query.text)[1]["projection"]
    projected = [str(item["evar"] if "evar" in item else item["var"]) for item in projection]
    assert projected == query.column_names


HEADER = "#+ summary: s\n#+ summary_zh: 中文\n#+ tags:\n#+   - t\n"


@pytest.mark.parametrize("text, message", [
    ("SELECT ?s WHERE { ?s ?p ?o }\n", "expected a '#+' header"),
    ("#+ summary: only English\n#+ tags:\n#+   - t\n#+ columns:\n#+   - s: x\nSELECT ?s WHERE { ?s ?p ?o }\n",
     "no 'summary_zh'"),
    (HEADER + "#+ columns:\n#+   - s: subject\nSELECT ?s WHERE { ?s ?p ?o FILTER(?o = ?secret) }\n",
     "?secret never bound"),
    (HEADER + "#+ params:\n#+   - name: x\n#+     type: iri\n#+ columns:\n#+   - s: subject\n"
     "SELECT ?s WHERE { ?s ?p ?x }\n", "has no 'description'"),
    (HEADER + "#+ params:\n#+   - name: x\n#+     type: colour\n#+     description: d\n#+ columns:\n"
     "#+   - s: subject\nSELECT ?s WHERE { ?s ?p ?x }\n", "has type 'colour'"),
    (HEADER + "#+ colums:\n#+   - s: subject\nSELECT ?s WHERE { ?s ?p ?o }\n", "unknown header key 'colums'"),
])
def test_incomplete_headers_are_refused_with_file_and_reason(tmp_path, text, message):
    path = tmp_path / "bad.rq"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_query(path)
    assert str(path) in str(caught.value) and message in str(caught.value)


def test_readme_sections_are_generated_from_the_headers(catalogue):
    assert sync_documents(ROOT) == [], "run: python -m graph.query.catalogue"
    body = markdown(catalogue)
    for path in (ROOT / "queries" / "README.md", ROOT / "README.md"):
        text = path.read_text(encoding="utf-8")
        assert body in text, path
        for name in catalogue:
            assert f"### `{name}`" in text
