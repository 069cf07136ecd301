"""The final ORDER BY sorted in Python for the embedded store (graph.query.order): the rows and their order
are the ones Oxigraph gives when it sorts itself, on every catalogue query of the five plans and on
terms of every kind."""
import pyoxigraph as ox
import pytest

from graph.query import execute as queries
from graph.query.bindings import bind
from graph.query.catalogue import load_catalogue
from graph.query.execute import _analyse, embedded_text
from graph.query.order import sort_rows, take_order

CATALOGUE = load_catalogue()
XSD = "http://www.w3.org/2001/XMLSchema#"
PROJECTED = frozenset({"a", "b", "c"})


def engine_rows(store, text, substitutions=None):
    found = store.query(text, use_default_graph_as_union=True,
                        substitutions={ox.Variable(k): v for k, v in (substitutions or {}).items()})
    columns = [v.value for v in found.variables]
    return columns, [tuple(s[c] for c in columns) for s in found]


def test_the_final_order_by_of_plain_variables_is_taken_off():
    text = "SELECT ?a ?b WHERE { { SELECT ?a WHERE { ?a ?p ?o } ORDER BY ?o } ?a ?q ?b }\nGROUP BY ?a ?b\nORDER BY DESC(?b) ?a ASC( ?c )"
    rest, keys = take_order(text, PROJECTED)
    assert keys == (("b", False), ("a", True), ("c", True))
    assert rest.rstrip().endswith("GROUP BY ?a ?b")
    assert "ORDER BY ?o }" in rest                      # a sub-SELECT's ORDER BY stays


@pytest.mark.parametrize("text", [
    "SELECT ?a WHERE { ?a ?p ?o } ORDER BY ?a LIMIT 10",            # LIMIT needs the order first
    "SELECT ?a WHERE { ?a ?p ?o } ORDER BY ?a OFFSET 5",
    "SELECT ?a WHERE { ?a ?p ?o } ORDER BY STRLEN(STR(?a))",         # an expression
    "SELECT ?a WHERE { ?a ?p ?o } ORDER BY ?a ?o",                   # ?o is not projected
    "SELECT ?a WHERE { { SELECT ?a WHERE { ?a ?p ?o } ORDER BY ?a } }",
    "SELECT ?a WHERE { ?a ?p ?o }",
])
def test_an_order_that_cannot_be_applied_here_stays_in_the_query(text):
    assert take_order(text, frozenset({"a"})) == (text, ())


def test_select_star_keeps_its_order_by():
    text = "SELECT * WHERE { ?a ?p ?o } ORDER BY ?a"
    assert take_order(text, None) == (text, ())


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_catalogue_query_gives_the_rows_in_the_engines_order(store, name):
    query = CATALOGUE[name]
    form, projected = _analyse(query.text)
    text, substitutions = embedded_text(query.text, form, projected, bind(query, {}), query.inlined)
    columns, expected = engine_rows(store, text, substitutions)
    got = queries.run_query(name, store=store)
    assert got.columns == columns
    assert got.rows == expected


def test_on_a_store_folder_the_worker_sends_the_same_rows(store_dir):
    """The on-disk path: the query worker answers in SPARQL results TSV, sorted here; every catalogue
    query gives the rows Oxigraph gives sorting itself on the same folder."""
    on_disk = ox.Store.read_only(str(store_dir))
    for name, query in sorted(CATALOGUE.items()):
        form, projected = _analyse(query.text)
        text, substitutions = embedded_text(query.text, form, projected, bind(query, {}), query.inlined)
        columns, expected = engine_rows(on_disk, text, substitutions)
        got = queries.run_query(name, store=store_dir)
        assert (got.columns, got.rows) == (columns, expected), name


def test_the_catalogues_listings_are_sorted_here(store):
    """The whole-corpus listings whose sorting cost most at national scale are the ones sorted here."""
    taken = {name for name, q in CATALOGUE.items() if take_order(q.text, _analyse(q.text)[1])[1]}
    assert {"institutions", "institutions_by_plan", "institution_tree", "vocabulary_labels",
            "derivation_links", "measure_families", "plans"} <= taken
    assert "node_search" not in taken                    # ORDER BY an expression, then LIMIT


VALUES = [
    "<http://example.org/b>", "<http://example.org/a>", "_:x", "_:a",
    '"b"', '"a"', '"B"', '"中文"', '"残疾人"', '""',
    '"b"@zh', '"a"@zh', '"a"@en', '"z"@en', '"残疾人之家"@zh',
    '"10"^^xsd:integer', '"9"^^xsd:integer', '"-1"^^xsd:integer', '"2.5"^^xsd:decimal', '"2.50"^^xsd:decimal',
    '"1e1"^^xsd:double', '"0.5"^^xsd:float', '"NaN"^^xsd:double',
    '"2021-01-01"^^xsd:date', '"2020-12-31"^^xsd:date', '"2021-01-01T10:00:00Z"^^xsd:dateTime',
    '"2021-01-01T08:00:00+08:00"^^xsd:dateTime', '"2021-01-01T09:00:00"^^xsd:dateTime',
    '"true"^^xsd:boolean', '"false"^^xsd:boolean', '"x"^^<http://example.org/type>', '"10"^^xsd:string',
]


STRINGS = [v for v in VALUES if v.startswith('"') and "^^" not in v and "@" not in v]
ZH = [v for v in VALUES if "@zh" in v or v.startswith(("<", "_:"))]
NUMBERS = [v for v in VALUES if any(f"xsd:{t}" in v for t in ("integer", "decimal", "double", "float")) and "NaN" not in v]
DATES = ['"2021-01-01"^^xsd:date', '"2020-12-31"^^xsd:date', '"2021-12-03"^^xsd:date', '"2019-06-30"^^xsd:date']
ZONED = ['"2021-01-01T10:00:00Z"^^xsd:dateTime', '"2021-01-01T08:00:00+08:00"^^xsd:dateTime',
         '"2021-01-01T11:00:00+02:00"^^xsd:dateTime', '"2020-05-01T00:00:00-05:00"^^xsd:dateTime']
YEARS = ['"2021"^^xsd:gYear', '"2016"^^xsd:gYear', '"2025"^^xsd:gYear', '"2011"^^xsd:gYear']
OTHER = ['"true"^^xsd:boolean', '"false"^^xsd:boolean', '"x"^^<http://example.org/type>', '"a"^^<http://example.org/type>']


def term_rows(subset):
    """A store holding one row per value (and one without a value), the rows unsorted and as Oxigraph sorts them."""
    data = "".join(f"<http://example.org/r{i}> <http://example.org/i> {i} ; <http://example.org/v> {v} .\n"
                   for i, v in enumerate(subset)) + "<http://example.org/r99> <http://example.org/i> 99 .\n"
    store = ox.Store()
    store.load(f"@prefix xsd: <{XSD}> .\n" + data, format=ox.RdfFormat.TURTLE)
    return store, "SELECT ?a ?b WHERE { ?r <http://example.org/i> ?b OPTIONAL { ?r <http://example.org/v> ?a } }"


@pytest.mark.parametrize("subset", [STRINGS, ZH, NUMBERS, DATES, ZONED, YEARS, OTHER, STRINGS + ZH[:4],
                                    NUMBERS + [v for v in ZH if not v.startswith('"')]])
@pytest.mark.parametrize("direction", ["ASC", "DESC"])
def test_terms_of_every_kind_are_ordered_as_oxigraph_orders_them(subset, direction):
    store, base = term_rows(subset)
    columns, expected = engine_rows(store, base + f" ORDER BY {direction}(?a) ?b")
    _, unordered = engine_rows(store, base)
    assert unordered != expected
    assert sort_rows(columns, unordered, (("a", direction == "ASC"), ("b", True))) == expected


@pytest.mark.parametrize("subset", [VALUES, NUMBERS + STRINGS, ['"1"^^xsd:integer', '"NaN"^^xsd:double'],
                                    ['"12:00:00Z"^^xsd:time', '"13:00:00+01:00"^^xsd:time'], ZH + ['"a"@en'],
                                    YEARS + ['"2020Z"^^xsd:gYear']])
def test_literals_sparql_does_not_compare_are_left_to_the_engine(subset):
    store, base = term_rows(subset)
    columns, unordered = engine_rows(store, base)
    assert sort_rows(columns, unordered, (("a", True), ("b", True))) is None
    got = queries.run_sparql(base + " ORDER BY ?a ?b", store=store, timeout=None)
    assert got.rows == engine_rows(store, base + " ORDER BY ?a ?b")[1]


def test_a_query_oxigraph_must_sort_is_sent_with_its_order_by_from_then_on(store):
    """plan_triples sorts by ?object, which holds IRIs and literals of several kinds: the first run
    falls back to Oxigraph's ORDER BY, later runs send it at once; the rows are Oxigraph's each time."""
    from graph.query.execute import _ENGINE_ORDERED

    query = CATALOGUE["plan_triples"]
    form, projected = _analyse(query.text)
    text, substitutions = embedded_text(query.text, form, projected, bind(query, {}), query.inlined)
    _ENGINE_ORDERED.discard(text)
    expected = engine_rows(store, text, substitutions)[1]
    assert queries.run_query("plan_triples", store=store).rows == expected
    assert text in _ENGINE_ORDERED
    assert queries.run_query("plan_triples", store=store).rows == expected
