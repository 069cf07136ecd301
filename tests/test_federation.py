"""Two Oxigraph servers, each holding part of the plans, joined with SERVICE: the single store's answer."""
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.query import execute as queries
from graph.query.endpoint import Server, publish
from graph.rdf.namespace import VOCABULARY_GRAPH

ROOT = Path(__file__).resolve().parent.parent
# cities on one server, counties on the other; both carry the shared vocabulary graph
CITIES = ("330100", "330300", "330800")
COUNTIES = ("330382", "330421")

PREFIXES = """PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX ci: <https://w3id.org/plankg/id/concept/indicator/>
"""

# Each county plan (here) with the indicator targets of the city plan it names as its basis (there).
JOIN_BODY = """
  ?county a pk:Plan ; pk:region/rdfs:label ?countyRegion ; pk:basis/dcterms:title ?basisTitle .
  ?row pk:inPlan ?county ; pk:concept ?concept ; pk:target/pk:numericValue ?countyTarget .
  %s
  FILTER(STR(?cityTitle) = STR(?basisTitle))
"""
CITY_PART = """?city a pk:Plan ; dcterms:title ?cityTitle ; pk:region/rdfs:label ?cityRegion .
    ?cityRow pk:inPlan ?city ; pk:concept ?concept ; pk:target/pk:numericValue ?cityTarget ."""
SELECT = "SELECT DISTINCT ?countyRegion ?cityRegion ?concept ?countyTarget ?cityTarget WHERE {"
ORDER = "} ORDER BY ?countyRegion ?concept"


def graphs_of(store, codes):
    names = [g.value for g in store.named_graphs()]
    return [VOCABULARY_GRAPH] + [n for n in names if any(f"/plan/{c}-" in n for c in codes)]


@pytest.fixture(scope="module")
def servers(store):
    with Server() as cities, Server() as counties:
        assert len(publish(store, cities.store_url, graphs=graphs_of(store, CITIES))) == 4
        assert len(publish(store, counties.store_url, graphs=graphs_of(store, COUNTIES))) == 3
        yield cities, counties


def test_each_server_holds_only_its_part(servers):
    cities, counties = servers
    count = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a pk:Plan }"
    assert queries.run_sparql(PREFIXES + count, endpoint=cities.query_url).rows[0][0].value == "3"
    assert queries.run_sparql(PREFIXES + count, endpoint=counties.query_url).rows[0][0].value == "2"


def test_service_join_gives_the_single_store_answer(servers, store):
    cities, counties = servers
    single = queries.run_sparql(PREFIXES + SELECT + JOIN_BODY % CITY_PART + ORDER, store=store)
    federated_text = (PREFIXES + SELECT
                      + JOIN_BODY % f"SERVICE <{cities.query_url}> {{\n    {CITY_PART}\n  }}" + ORDER)
    federated = queries.run_sparql(federated_text, endpoint=counties.query_url)
    assert federated.columns == single.columns
    assert federated.rows == single.rows
    # Yueqing names Wenzhou's plan as its basis: the join has real rows, e.g. 残疾人之家 coverage
    home = ox.NamedNode("https://w3id.org/plankg/id/concept/indicator/disability-home-coverage")
    pairs = {(r[0].value, r[1].value, float(r[3].value), float(r[4].value)) for r in federated.rows
             if r[2] == home}
    assert ("乐清市", "温州市", 100.0, 90.0) in pairs


def test_service_union_compares_all_five_regions(servers, store):
    cities, counties = servers
    body = """?row pk:concept ci:disability-home-coverage ; pk:inPlan ?plan ; pk:target/pk:numericValue ?target .
      ?plan pk:region/rdfs:label ?region ."""
    text = (PREFIXES + "SELECT DISTINCT ?region ?target WHERE { { " + body + " } UNION { SERVICE <"
            + cities.query_url + "> { " + body + " } } } ORDER BY ?region")
    federated = queries.run_sparql(text, endpoint=counties.query_url)
    single = queries.run_sparql(PREFIXES + "SELECT DISTINCT ?region ?target WHERE { " + body
                                + " } ORDER BY ?region", store=store)
    assert federated.rows == single.rows and len(single) == 5
