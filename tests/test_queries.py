"""Every catalogue query on the embedded store: columns, real values, injection, read-only, time limit."""
import io
import json
import sys
import time
from pathlib import Path

import pytest

from graph.query import execute as queries
from graph.query.catalogue import load_catalogue
from plankg_cli import main

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "data" / "plans"
CATALOGUE = load_catalogue()
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
BREAKOUTS = ['"', "'", '"}', "} ; DROP ALL ; #", '" } ; DROP ALL ; #', "\\u0022) } DROP ALL #",
             "') } ; CLEAR ALL ; #", "{ ?s ?p ?o }", '"""']


def cli(*argv, stdin=None, capsys=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_query_runs_with_its_documented_columns(store, name):
    result = queries.run_query(name, store=store)
    assert result.columns == CATALOGUE[name].column_names
    assert len(result) > 0, f"{name} returned no rows on the five plans"


def test_indicators_returns_all_70_rows_as_printed(store):
    rows = queries.run_query("indicators", store=store).records()
    assert len(rows) == 70
    per_region = {}
    for row in rows:
        per_region[row["region"]] = per_region.get(row["region"], 0) + 1
    assert per_region == {"杭州市": 15, "温州市": 14, "乐清市": 13, "嘉善县": 14, "衢州市": 14}
    home = {r["region"]: r for r in rows if r["indicator"] in ("“残疾人之家”覆盖率", "残疾人之家覆盖率")}
    assert home["温州市"]["targetText"] == "≥90%" and home["温州市"]["targetValue"] == 90
    assert home["温州市"]["targetComparator"] == ">=" and home["温州市"]["baselineText"] == "80%"
    assert home["杭州市"]["targetText"] == "≥95%" and home["杭州市"]["baselineValue"] == 75
    assert home["杭州市"]["attribute"] == "约束性" and home["杭州市"]["unit"] == "%"
    income = next(r for r in rows if r["region"] == "杭州市" and r["indicator"] == "残疾人家庭人均可支配收入年均增长")
    assert income["targetText"] == "与GDP增长同步" and income["targetValue"] is None


def test_indicators_json_from_the_cli(store_dir, capsys):
    code, out, _ = cli("query", "indicators", "--format", "json", "--store", str(store_dir), capsys=capsys)
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 70 and set(rows[0]) == set(CATALOGUE["indicators"].column_names)


def test_indicator_compare_lists_all_five_regions(store_dir, capsys):
    code, out, _ = cli("query", "indicator_compare", "-p", "concept=ci:disability-home-coverage",
                       "--format", "json", "--store", str(store_dir), capsys=capsys)
    assert code == 0
    targets = {r["region"]: (r["targetComparator"], r["targetValue"]) for r in json.loads(out)}
    assert targets == {"杭州市": (">=", 95), "温州市": (">=", 90), "衢州市": (">=", 92),
                       "乐清市": ("=", 100), "嘉善县": ("=", 100)}


def test_full_iri_and_prefixed_parameter_give_the_same_rows(store):
    full = "https://w3id.org/plankg/id/concept/indicator/disability-home-coverage"
    a = queries.run_query("indicator_compare", {"concept": full}, store=store)
    b = queries.run_query("indicator_compare", {"concept": "ci:disability-home-coverage"}, store=store)
    assert a.rows == b.rows and len(a) == 5


def test_which_cities_target_at_least_95(store):
    rows = queries.run_query("targets_at_least", {"minimum": "95"}, store=store).records()
    assert {r["region"] for r in rows} == {"杭州市", "乐清市", "嘉善县"}


def test_keyword_filters_measures_and_search_finds_snippets(store):
    wenzhou = "https://w3id.org/plankg/id/plan/330300-2021-2025-disability"
    every = queries.run_query("measures", {"plan": wenzhou}, store=store)
    some = queries.run_query("measures", {"plan": wenzhou, "keyword": "托养"}, store=store).records()
    assert 0 < len(some) < len(every)
    assert all("托养" in (r["heading"] + r["text"]) for r in some)
    hits = queries.run_query("search", {"text": "残疾人之家"}, store=store).records()
    assert hits and all("残疾人之家" in h["snippet"] for h in hits)
    assert {h["region"] for h in hits} >= {"杭州市", "温州市"}


def test_basis_finds_the_corpus_plan_yueqing_derives_from(store):
    rows = queries.run_query("basis", store=store).records()
    inside = [(r["region"], r["basisPlan"]) for r in rows if r["inCorpus"]]
    assert ("乐清市", "https://w3id.org/plankg/id/plan/330300-2021-2025-disability") in inside
    chain = queries.run_query("derivation_chain", store=store).records()
    depths = {r["title"]: r["depth"] for r in chain}
    assert depths["温州市残疾人事业发展“十四五”规划"] == 1
    assert depths["温州市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"] == 2


@pytest.mark.parametrize("value", BREAKOUTS)
@pytest.mark.parametrize("name, param", [("search", "text"), ("measures", "keyword"),
                                         ("measures_by_institution", "institution"), ("indicators", "within")])
def test_string_parameters_cannot_break_out(store, name, param, value):
    before = len(store)
    result = queries.run_query(name, {param: value}, store=store)
    assert len(result) == 0
    assert len(store) == before


@pytest.mark.parametrize("value", BREAKOUTS + ["ci:x> } ; DROP ALL ; #", "http://x/> . } DROP ALL #"])
def test_iri_and_number_parameters_refuse_break_outs(store, value):
    before = len(store)
    for name, param in (("indicator_compare", "concept"), ("targets_at_least", "minimum")):
        with pytest.raises(queries.ParameterError) as caught:
            queries.run_query(name, {param: value}, store=store)
        assert param in str(caught.value)
    assert len(store) == before


def test_unknown_and_missing_parameters_are_named(store):
    with pytest.raises(queries.ParameterError, match="no parameter colour"):
        queries.run_query("plans", {"colour": "red"}, store=store)


@pytest.mark.parametrize("update", [
    "DROP ALL", "CLEAR DEFAULT", "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }", "LOAD <http://127.0.0.1:9/x.ttl>", "CREATE GRAPH <urn:g>",
    "ADD DEFAULT TO <urn:g>", "MOVE DEFAULT TO <urn:g>", "COPY DEFAULT TO <urn:g>",
    "PREFIX x: <urn:x#>\nWITH <urn:g> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
])
def test_updates_are_refused(store, update):
    before = len(store)
    with pytest.raises(queries.ReadOnlyError, match="refused"):
        queries.run_sparql(update, store=store)
    assert len(store) == before


def test_query_followed_by_an_update_is_not_run(store):
    before = len(store)
    with pytest.raises(queries.QuerySyntaxError):
        queries.run_sparql("SELECT * WHERE { ?s ?p ?o } ; DROP ALL", store=store)
    assert len(store) == before


def test_plankg_sparql_refuses_an_update(store_dir, capsys, monkeypatch):
    code, out, err = cli("sparql", "-", "--store", str(store_dir), stdin="DROP ALL",
                         capsys=capsys, monkeypatch=monkeypatch)
    assert code != 0 and "refused" in err and "update" in err and out == ""
    code, out, err = cli("sparql", "-", "--store", str(store_dir), "--format", "csv",
                       stdin="SELECT (COUNT(*) AS ?n) WHERE { ?p a <https://w3id.org/plankg/ontology#Plan> }",
                       capsys=capsys, monkeypatch=monkeypatch)
    assert (code, out.splitlines()) == (0, ["n", "5"]), err


def test_runaway_query_stops_at_its_limit(store):
    started = time.monotonic()
    with pytest.raises(queries.QueryTimeout, match="time limit of 2 s"):
        queries.run_sparql(RUNAWAY, store=store, timeout=2)
    assert time.monotonic() - started < 5
    # the store is still usable afterwards
    assert queries.run_sparql("ASK { ?s ?p ?o }", store=store).boolean is True


def test_cli_list_and_formats(store_dir, capsys):
    code, out, _ = cli("query", "--list", "--format", "json", capsys=capsys)
    listed = {q["name"]: q for q in json.loads(out)}
    assert code == 0 and set(listed) == set(CATALOGUE)
    assert listed["indicator_compare"]["parameters"][0]["name"] == "concept"
    assert listed["plans"]["summary"] and listed["plans"]["summary_zh"]
    code, out, _ = cli("query", "plans", "--format", "tsv", "--store", str(store_dir), capsys=capsys)
    lines = out.splitlines()
    assert lines[0].split("\t") == CATALOGUE["plans"].column_names and len(lines) == 6
    code, out, _ = cli("query", "plans", "--store", str(store_dir), capsys=capsys)
    assert code == 0 and "温州市残疾人事业发展“十四五”规划" in out
    code, _, err = cli("query", "nonesuch", "--store", str(store_dir), capsys=capsys)
    assert code != 0 and "no query named 'nonesuch'" in err


OVERVIEW_DIRECT = """PREFIX pk: <https://w3id.org/plankg/ontology#>
SELECT ?plans ?measures ?indicators ?institutions ?implementsLinks ?derivationLinks ?triples WHERE {
  { SELECT (COUNT(DISTINCT ?x) AS ?plans) WHERE { ?x a pk:Plan } }
  { SELECT (COUNT(DISTINCT ?x) AS ?measures) WHERE { ?x a pk:Measure } }
  { SELECT (COUNT(DISTINCT ?x) AS ?indicators) WHERE { ?x a pk:Indicator } }
  { SELECT (COUNT(DISTINCT ?x) AS ?institutions) WHERE { ?x a pk:Institution } }
  { SELECT (COUNT(*) AS ?implementsLinks) WHERE { ?a pk:implements ?b } }
  { SELECT (COUNT(*) AS ?derivationLinks) WHERE { ?a pk:derivesFrom ?b } }
  { SELECT (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "https://w3id.org/plankg/")) } }
}"""


def test_overview_counts_read_from_the_description_are_the_graph_s_own_counts(store, records, tmp_path):
    # overview_counts reads the VoID statistics the build writes (20 s counted at 3,000 plans, 21 ms read):
    # the same numbers as counting the graph, on the five plans; no row before a description is written
    from graph.rdf import load_plans, open_store
    from graph.rdf.describe import write_description

    (row,) = queries.run_query("overview_counts", store=store).records()
    (direct,) = [{k: int(v.value) for k, v in zip(CATALOGUE["overview_counts"].column_names, r)}
                 for r in store.query(OVERVIEW_DIRECT, use_default_graph_as_union=True)]
    assert row == direct and row["plans"] == 5 and row["measures"] == 273 and row["indicators"] == 70
    assert row["implementsLinks"] > 0 and row["derivationLinks"] > 0 and row["triples"] > 18000
    fresh = open_store()
    load_plans(fresh, [records["wenzhou"]], PLANS)
    assert len(queries.run_query("overview_counts", store=fresh)) == 0
    write_description(fresh)
    (one,) = queries.run_query("overview_counts", store=fresh).records()
    assert one["plans"] == 1 and one["implementsLinks"] == 0 and one["measures"] == 40


@pytest.mark.parametrize("name", ["indicators", "basis", "weaker_targets"])
def test_a_listing_for_one_plan_is_that_plan_s_part_of_the_whole_listing(store, plan_iris, name):
    # the app's plans and trace pages ask for one plan: the same rows, in the same order, as the whole
    # listing holds for it (at 3,000 plans 5-16 ms instead of 2-19 s for the whole listing)
    whole = queries.run_query(name, store=store).records()
    assert {row["plan"] for row in whole} >= {plan_iris["wenzhou"], plan_iris["hangzhou"]}
    for plan in plan_iris.values():
        assert queries.run_query(name, {"plan": plan}, store=store).records() == [r for r in whole if r["plan"] == plan]
    wenzhou = queries.run_query(name, {"plan": plan_iris["wenzhou"]}, store=store).records()
    assert len(wenzhou) == {"indicators": 14, "basis": 2, "weaker_targets": 3}[name], len(wenzhou)
