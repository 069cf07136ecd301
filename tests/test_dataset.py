"""The dataset description (VoID + DCAT 3), the catalogue as RDF, and the dumps of ``plankg export --dump``."""
from __future__ import annotations

import gzip
import hashlib
import re
from datetime import datetime, timezone

import pyoxigraph as ox
import pytest

from graph import query as queries
from graph.query.catalogue import load_catalogue
from graph.rdf.describe import DATASET, DESCRIPTION_GRAPH
from graph.query.examples import CATALOGUE_GRAPH, QUERY_BASE
from plankg_cli import main
from conftest import PLANS_DIR

from conftest import BUILD_EPOCH as EPOCH  # 2026-01-01T00:00:00Z
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SH = "http://www.w3.org/ns/shacl#"


@pytest.fixture(scope="module")
def built(built_store_dir):
    """``plankg build`` into a fresh store, with a fixed build time (conftest)."""
    return built_store_dir


@pytest.fixture(scope="module")
def described(built):
    from graph.rdf.store import opened_store

    with opened_store(built) as store:
        copy = ox.Store()
        copy.extend(store.quads_for_pattern(None, None, None, None))
    return copy


def void_value(store, subject, prop):
    rows = list(store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(prop), None, ox.NamedNode(DESCRIPTION_GRAPH)))
    assert len(rows) == 1, (subject, prop, rows)
    return rows[0].object


def stats_output(built, capsys) -> str:
    capsys.readouterr()
    assert main(["stats", "--store", str(built)]) == 0
    return capsys.readouterr().out


def test_void_counts_equal_what_plankg_stats_reports(built, described, capsys):
    out = stats_output(built, capsys)
    per_graph = {m.group(1): int(m.group(2)) for m in re.finditer(r"^(https://\S+): (\d+) triples", out, re.M)}
    total = int(re.search(r"^total: (\d+) triples in (\d+) graphs", out, re.M).group(1))
    plans = re.findall(r"^https://w3id.org/plankg/id/plan/(\S+): \d+ triples; (.*)$", out, re.M)
    assert len(plans) == 5 and int(void_value(described, DATASET, VOID + "triples").value) == total > 18000
    graph_of = {q.object.value: int(void_value(described, q.object.value, VOID + "triples").value)
                for q in described.quads_for_pattern(ox.NamedNode(DATASET), ox.NamedNode(VOID + "subset"), None, None)}
    assert {g.removesuffix("/graph") if "/plan/" in g else g: n for g, n in graph_of.items()} == per_graph
    assert CATALOGUE_GRAPH in graph_of and DESCRIPTION_GRAPH not in graph_of
    by_kind: dict[str, int] = {}
    for _, detail in plans:
        for number, kind in re.findall(r"(\d+) (\w+)", detail):
            by_kind[kind] = by_kind.get(kind, 0) + int(number)
    partitions = {void_value(described, q.object.value, VOID + "class").value:
                  int(void_value(described, q.object.value, VOID + "entities").value)
                  for q in described.quads_for_pattern(ox.NamedNode(DATASET), ox.NamedNode(VOID + "classPartition"), None, None)}
    pk = "https://w3id.org/plankg/ontology#"
    assert partitions[pk + "Measure"] == by_kind["measures"] == 273
    assert partitions[pk + "Section"] == by_kind["sections"] == 104
    assert partitions[pk + "Indicator"] == by_kind["indicators"] == 70
    assert partitions[pk + "Plan"] == 5


def test_the_description_names_endpoint_dumps_licence_examples_sources_and_build_time(described):
    d = ox.NamedNode(DATASET)

    def objects(prop):
        return {q.object.value for q in described.quads_for_pattern(d, ox.NamedNode(prop), None, None)}

    assert objects(VOID + "sparqlEndpoint") == {"https://w3id.org/plankg/sparql"}
    assert objects(VOID + "dataDump") == {"https://w3id.org/plankg/dumps/plankg.nq.gz",
                                         "https://w3id.org/plankg/dumps/plankg.trig.gz"}
    assert objects("http://purl.org/dc/terms/license") == {"https://creativecommons.org/licenses/by/4.0/"}
    assert void_value(described, DATASET, "http://purl.org/dc/terms/modified").value == "2026-01-01T00:00:00Z"
    examples = objects(VOID + "exampleResource")
    assert any("/measure/" in e for e in examples) and any("/concept/indicator/" in e for e in examples)
    sources = sorted(objects("http://purl.org/dc/terms/source"))
    assert [s.rsplit("/", 1)[1] for s in sources] == sorted(p.name for p in PLANS_DIR.glob("*.txt"))
    for source in sources:  # the checksum in the description is the file's
        name = source.rsplit("/", 1)[1]
        digest = void_value(described, source + "#sha256", "http://spdx.org/rdf/terms#checksumValue").value
        assert digest == hashlib.sha256((PLANS_DIR / name).read_bytes()).hexdigest()
    types = {q.object.value for q in described.quads_for_pattern(d, ox.NamedNode(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), None, None)}
    assert types == {VOID + "Dataset", DCAT + "Dataset"}


def test_every_catalogue_query_is_published_as_a_runnable_example(described):
    catalogue = load_catalogue()
    rows = queries.run_sparql(f"""
        PREFIX sh: <{SH}> PREFIX schema: <https://schema.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?q ?text ?zh ?en (COUNT(DISTINCT ?keyword) AS ?keywords) WHERE {{ GRAPH <{CATALOGUE_GRAPH}> {{
          ?q a sh:SPARQLExecutable ; sh:select ?text ; schema:target ?target ; schema:keywords ?keyword ;
             rdfs:comment ?zh , ?en . FILTER(LANG(?zh) = "zh" && LANG(?en) = "en") }} }}
        GROUP BY ?q ?text ?zh ?en""", store=described, timeout=None).records()
    by_name = {r["q"].removeprefix(QUERY_BASE): r for r in rows}
    assert sorted(by_name) == sorted(catalogue)
    for name, query in catalogue.items():
        row = by_name[name]
        assert row["en"] == query.summary and row["zh"] == query.summary_zh and row["keywords"] == len(query.tags)
        assert "#+" not in row["text"]
    # an example runs as published and gives the catalogue's rows for its default parameters
    for name in ("indicator_compare", "targets_at_least", "plans"):
        published = queries.run_sparql(by_name[name]["text"], store=described, timeout=None)
        assert published.rows == queries.run_query(name, store=described, timeout=None).rows and published.rows


def test_dumps_are_byte_identical_across_builds_and_checksummed(built, described, tmp_path, monkeypatch):
    from graph import open_store
    from graph.pipeline import build_corpus
    from graph.rdf.dump import write_dump

    assert main(["export", "--store", str(built), "--dump", str(tmp_path / "a")]) == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    second = open_store()  # a second build, in memory, through the library this time
    assert build_corpus(PLANS_DIR, second, validate=False).ok
    write_dump(second, tmp_path / "b")
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == ["SHA256SUMS", "plankg.nq.gz", "plankg.trig.gz", "void.ttl"]
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    for line in (tmp_path / "a" / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((tmp_path / "a" / name).read_bytes()).hexdigest() == digest
    with gzip.open(tmp_path / "a" / "plankg.nq.gz") as f:
        nquads = list(ox.parse(f, format=ox.RdfFormat.N_QUADS))
    with gzip.open(tmp_path / "a" / "plankg.trig.gz") as f:
        trig = list(ox.parse(f, format=ox.RdfFormat.TRIG))
    assert set(nquads) == set(trig) == set(described) and len(nquads) == len(described)
    void = list(ox.parse((tmp_path / "a" / "void.ttl").read_bytes(), format=ox.RdfFormat.TURTLE))
    assert len(void) == sum(1 for _ in described.quads_for_pattern(None, None, None, ox.NamedNode(DESCRIPTION_GRAPH)))


def test_the_build_time_is_now_without_source_date_epoch(described, monkeypatch):
    from graph.rdf.describe import build_time

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert abs((build_time() - datetime.now(timezone.utc)).total_seconds()) < 5
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH='yesterday'"):
        build_time()


def test_dump_of_a_missing_store_is_one_clear_line(tmp_path, capsys):
    assert main(["export", "--store", str(tmp_path / "none"), "--dump", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"plankg export: {tmp_path / 'none'} — no store here") and "\n" not in err
    assert not (tmp_path / "out").exists()


def test_dump_of_a_store_without_description_names_the_missing_graph(tmp_path, capsys):
    from graph import open_store
    from graph.pipeline import run

    store_path = tmp_path / "store"
    import loaders
    with_plan = open_store()
    run(with_plan, [loaders.parse(sorted(PLANS_DIR.glob("*.txt"))[0])], PLANS_DIR, link=False, validate=False,
        describe=False)
    from graph.rdf.dump import write_dump
    from graph.errors import StoreError
    with pytest.raises(StoreError, match="has no dataset description"):
        write_dump(with_plan, store_path)
    assert not store_path.exists(), "nothing written"


def test_the_description_reads_the_union_and_agrees_with_the_graph_list(described):
    """With no description in the store the statistics are read over the union of every graph (a list of
    graphs is evaluated graph by graph, quadratic at scale); the figures are the same either way."""
    from graph.rdf import describe as module

    store = ox.Store()
    store.extend(q for q in described if q.graph_name != ox.NamedNode(DESCRIPTION_GRAPH))
    graphs = module.described_graphs(store)
    assert module._everything(store, graphs) is None
    built = datetime(2026, 1, 1, tzinfo=timezone.utc)
    over_union = set(module.describe(store, built))
    listed = set(module.describe(_Listed(store), built))
    assert over_union == listed and len(over_union) > 200
    kept = {q for q in described if q.graph_name == ox.NamedNode(DESCRIPTION_GRAPH)}
    assert {q for q in over_union if "modified" not in str(q.predicate)} == \
        {q for q in kept if "modified" not in str(q.predicate)}


class _Listed:
    """A store whose default graph is never the union: what ``_everything`` sees with a description present."""
    def __init__(self, store):
        self._store = store

    def __getattr__(self, name):
        return getattr(self._store, name)

    def contains_named_graph(self, graph):
        return True if graph == ox.NamedNode(DESCRIPTION_GRAPH) else self._store.contains_named_graph(graph)


def test_a_failed_description_leaves_the_old_one(described, monkeypatch):
    from graph.rdf import describe as module

    store = ox.Store()
    store.extend(described)
    before = set(store.quads_for_pattern(None, None, None, ox.NamedNode(DESCRIPTION_GRAPH)))
    assert before

    def broken(*args):
        raise RuntimeError("disk full")
    monkeypatch.setattr(module, "_sources", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        module.write_description(store)
    assert set(store.quads_for_pattern(None, None, None, ox.NamedNode(DESCRIPTION_GRAPH))) == before


def test_the_dataset_statistics_are_the_counts_of_every_other_graph(described):
    # distinct subjects, objects, properties, entities (subjects under the id namespace), classes and
    # triples per property, each read from the description and counted here from the quads themselves
    quads = [q for q in described.quads_for_pattern(None, None, None, None) if q.graph_name.value != DESCRIPTION_GRAPH]
    triples = {q.triple for q in quads}
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    expected = {
        "distinctSubjects": len({t.subject for t in triples}),
        "distinctObjects": len({t.object for t in triples}),
        "properties": len({t.predicate for t in triples}),
        "entities": len({t.subject for t in triples if isinstance(t.subject, ox.NamedNode)
                         and t.subject.value.startswith("https://w3id.org/plankg/id/")}),
        "classes": len({t.object for t in triples if t.predicate.value == rdf_type}),
    }
    assert {key: int(void_value(described, DATASET, VOID + key).value) for key in expected} == expected
    assert expected["distinctSubjects"] > expected["entities"] > 1000
    # per property, statements in the graphs: a triple two graphs state counts twice, as the dataset's
    # void:triples is the sum of its graphs'
    by_property: dict[str, int] = {}
    for q in quads:
        by_property[q.predicate.value] = by_property.get(q.predicate.value, 0) + 1
    partitions = {void_value(described, q.object.value, VOID + "property").value:
                  int(void_value(described, q.object.value, VOID + "triples").value)
                  for q in described.quads_for_pattern(ox.NamedNode(DATASET), ox.NamedNode(VOID + "propertyPartition"),
                                                       None, None)}
    assert partitions == by_property


def test_the_description_read_in_threads_is_the_description_read_in_one(described):
    from conftest import fixed_build_time
    from graph.rdf.describe import describe

    store = ox.Store()
    store.extend(q for q in described.quads_for_pattern(None, None, None, None) if q.graph_name.value != DESCRIPTION_GRAPH)
    with fixed_build_time():
        one, two = describe(store), describe(store, threads=2)
    assert one == two and len(two) > 500
    assert set(two) == set(described.quads_for_pattern(None, None, None, ox.NamedNode(DESCRIPTION_GRAPH)))
