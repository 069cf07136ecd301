"""Validation in worker processes and by content hash gives exactly the reports of validate_plan."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from conftest import PLANS_DIR

from graph.rdf.store import load_plan, load_vocabulary, open_store, plan_graphs
from graph.rdf.validate import plan_data, validate_plan
from graph.rdf.validate_pool import (ValidationCache, Validator, content_hash, validate_plans, worker_pool)


def _rows(report):
    return [(r.focus, r.shape, r.message, r.severity, r.path, r.value, r.source) for r in report.rows]


@pytest.fixture(scope="module")
def broken_store(records):
    """The five plans, Wenzhou's plan stripped of its title so it breaks a shape."""
    store = open_store()
    load_vocabulary(store)
    for record in records.values():
        load_plan(store, record, PLANS_DIR)
    wenzhou = next(g for p, g in plan_graphs(store) if "330300" in p)
    store.update(f"DELETE WHERE {{ GRAPH <{wenzhou}> {{ ?plan <http://purl.org/dc/terms/title> ?t }} }}")
    return store


def test_workers_give_the_reports_validate_plan_gives(broken_store):
    graphs = plan_graphs(broken_store)
    assert len(graphs) == 5
    with worker_pool(2) as pool:
        validator = Validator(pool)
        pending = [validator.submit(plan_data(broken_store, g), p) for p, g in graphs]
        parallel = [validator.result(job) for job in pending]
    serial = [validate_plan(broken_store, g, p) for p, g in graphs]
    assert [r.conforms for r in parallel] == [r.conforms for r in serial]
    assert [r.conforms for r in serial].count(False) == 1           # Wenzhou without a title
    broken = next(r for r in serial if not r.conforms)
    assert "330300" in broken.plan and any("title" in (row.path or "") for row in broken.violations)
    assert [_rows(r) for r in parallel] == [_rows(r) for r in serial]


def test_an_unchanged_plan_is_not_validated_again_and_a_changed_one_is(broken_store, tmp_path):
    graphs = plan_graphs(broken_store)
    cache = ValidationCache(tmp_path / "validated.json")
    first = validate_plans(broken_store, graphs, cache=cache)
    cache.save()
    again = ValidationCache(tmp_path / "validated.json")            # read back from the file
    validator = Validator(None, again)
    reports = [validator.result(validator.submit(plan_data(broken_store, g), p)) for p, g in graphs]
    assert validator.hits == 5
    assert [_rows(r) for r in reports] == [_rows(r) for r in first]
    plan, graph = graphs[0]
    data = plan_data(broken_store, graph)
    changed = data + f'<{plan}> <http://purl.org/dc/terms/title> "另一个标题"@zh .\n'.encode()
    assert content_hash(changed) != content_hash(data)
    validator.result(validator.submit(changed, plan))
    assert validator.hits == 5                                       # the changed plan missed the cache


def test_the_hash_ignores_triple_order_and_a_broken_cache_file_costs_only_time(tmp_path):
    lines = [b'<urn:a> <urn:p> "1" .', b'<urn:b> <urn:p> "2" .']
    assert content_hash(b"\n".join(lines) + b"\n") == content_hash(b"\n".join(reversed(lines)))
    bad = tmp_path / "validated.json"
    bad.write_text("{not json", encoding="utf-8")
    assert ValidationCache(bad).reports == {}


def test_the_pipeline_with_workers_reports_each_plan_once(tmp_path, records):
    """Twelve plans (the five, and seven copies under other codes) through the pool, in file order."""
    import copy

    from graph.pipeline import run

    corpus = list(records.values())
    for k, record in enumerate(list(records.values()) + list(records.values())[:2]):
        twin = copy.deepcopy(record)
        region = twin.region
        while region is not None:
            if region.code and region.code != "000000":
                region.code = f"{91 + k}{region.code[2:]}"
            region = region.parent
        corpus.append(twin)
    store = open_store()
    result = run(store, corpus, PLANS_DIR, jobs=2, link=False, cache=ValidationCache())
    assert len(result.plans) == 12 and not result.failures
    assert [p.plan for p in result.plans] == [p.plan for p in run(ox.Store(), corpus, PLANS_DIR, link=False, validate=False).plans]
    assert all(p.report.conforms for p in result.plans), [str(r) for p in result.plans for r in p.report.violations]


def test_oxigraph_read_data_graphs_are_the_graphs_rdflib_reads(store):
    # the SHACL engines get their data graph from nt_graph (Oxigraph's parser): the same triples,
    # terms and literal forms as rdflib's own N-Triples parser gives, for every plan and the links graph
    import rdflib
    from rdflib.compare import to_isomorphic

    from graph.rdf.namespace import LINKS_GRAPH
    from graph.rdf.validate import links_context, nt_graph

    datas = [plan_data(store, graph) for _, graph in plan_graphs(store)]
    links = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(LINKS_GRAPH))
    datas.append(links + ox.serialize(links_context(store), format=ox.RdfFormat.N_TRIPLES))
    assert len(datas) == 6
    for data in datas:
        ours, theirs = nt_graph(data), rdflib.Graph().parse(data=data.decode("utf-8"), format="nt")
        assert len(ours) > 2000
        assert set(ours) == set(theirs)
        assert {type(o) for o in ours.objects()} == {type(o) for o in theirs.objects()}
        assert to_isomorphic(ours) == to_isomorphic(theirs)


def test_the_app_takes_each_plan_s_verdict_from_the_last_build(tmp_path, monkeypatch, capsys):
    # plankg build validated every plan; the overview reads those verdicts instead of validating again
    from app_pages import overview_data
    from graph.rdf import validate as validate_module
    from graph.rdf.validate_pool import cache_path
    from plankg_cli import main

    store_path = tmp_path / "store"
    assert main(["build", "--input", str(PLANS_DIR), "--store", str(store_path)]) == 0
    cache = ValidationCache(cache_path(store_path))
    assert len(cache.current) == 5 and all(cache.latest(p).conforms for p in cache.current)
    store = ox.Store.read_only(str(store_path))
    plans = [{"plan": plan} for plan, _ in plan_graphs(store)]

    def no_live_validation(*args, **kwargs):
        raise AssertionError("validated again")

    monkeypatch.setattr(validate_module, "validate_plan", no_live_validation)
    verdicts = overview_data.validate(store, plans, store_path)
    assert [v.plan for v in verdicts] == [p["plan"] for p in plans] and all(v.conforms for v in verdicts)
    # a plan the last build did not validate is validated now
    del cache.current[plans[0]["plan"]]
    cache.save()
    with pytest.raises(AssertionError, match="validated again"):
        overview_data.validate(store, plans, store_path)


def test_a_loaded_plan_s_own_triples_give_the_data_graph_read_back_from_the_store(records, tmp_path):
    # the pipeline validates the triples load_plan wrote (PlanLoad.written) instead of reading the
    # graph back: the same N-Triples lines, so the same verdicts and cache keys, for the five plans and
    # for generated plans in every layout the bench corpus varies (on an on-disk store)
    import sys

    import loaders
    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    generate(12, tmp_path / "corpus", seed=3)
    generated = [loaders.parse(path) for path in sorted((tmp_path / "corpus").glob("*.txt"))]
    store = open_store(tmp_path / "store")
    load_vocabulary(store)
    checked = 0
    for record, folder in [(r, PLANS_DIR) for r in records.values()] + [(r, tmp_path / "corpus") for r in generated]:
        load = load_plan(store, record, folder)
        assert len(load.written) == load.triples > 1000
        from_written, read_back = plan_data(store, load.graph, load.written), plan_data(store, load.graph)
        assert sorted(from_written.splitlines()) == sorted(read_back.splitlines()), record.file
        assert content_hash(from_written) == content_hash(read_back)
        checked += 1
    assert checked == 17


def test_plankg_build_parses_in_its_workers_and_builds_what_one_process_builds(tmp_path, capsys):
    # plankg build --jobs 2 on twelve generated plans (enough for the worker pool): the files are parsed in
    # the workers (the progress says "parsed"), and the store holds the quads a one-process build gives
    import sys

    from conftest import ROOT, fixed_build_time
    from plankg_cli import main

    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    generate(12, tmp_path / "corpus", seed=5)
    with fixed_build_time():
        assert main(["build", "--input", str(tmp_path / "corpus"), "--store", str(tmp_path / "two"), "--jobs", "2"]) == 0
        out, err = capsys.readouterr()
        assert "12 plans in" in out and err.count("parsed ") >= 12 and "parsing " not in err
        assert main(["build", "--input", str(tmp_path / "corpus"), "--store", str(tmp_path / "one"), "--jobs", "1"]) == 0
        out, err = capsys.readouterr()
    assert "12 plans in" in out and err.count("parsing ") >= 12 and "parsed " not in err

    def quads(path):
        store = ox.Store.read_only(str(path))
        try:
            return set(store.dump(format=ox.RdfFormat.N_QUADS).splitlines())
        finally:
            del store

    two, one = quads(tmp_path / "two"), quads(tmp_path / "one")
    assert len(two) > 12 * 1000 and two == one


def test_a_plans_data_from_the_triples_written_is_the_data_read_back(records, tmp_path):
    # a build validates the triples it has just written with the vocabulary context looked up for the
    # nodes they name (the plan's own nodes skipped); reading the plan back from the store gives the
    # same lines, so both give one cache key and one verdict
    store = open_store(tmp_path / "store")
    load_vocabulary(store)
    for record in records.values():
        load = load_plan(store, record, PLANS_DIR)
        held = plan_data(store, load.graph, load.written)
        assert sorted(held.splitlines()) == sorted(plan_data(store, load.graph).splitlines())
        assert content_hash(held) == content_hash(plan_data(store, load.graph))
        assert b"/id/region/" in held and held.count(b"\n") > load.triples      # the context is in it


def test_a_builds_vocabulary_index_gives_the_context_the_store_gives(records, tmp_path):
    # a build reads each plan's vocabulary context from an index the writer keeps (regions added by
    # every plan written, in bulk or one by one): the same data as read back from the store
    from graph.rdf.store import PlanWriter, VocabularyIndex

    store = open_store(tmp_path / "store")
    load_vocabulary(store)
    index = VocabularyIndex(store)
    writer = PlanWriter(store, PLANS_DIR, batch=2, vocabulary=index)
    loads = [load for record in records.values() for load in writer.write(record)] + writer.flush()
    loads += writer.write(records["wenzhou"])                   # a plan the store holds: one by one
    assert len(loads) == 6
    for load in loads:
        from_index = plan_data(store, load.graph, load.written, index)
        assert sorted(from_index.splitlines()) == sorted(plan_data(store, load.graph).splitlines())
        assert b"/id/region/330" in from_index
    fresh = VocabularyIndex(store)                              # read from the store: what was added
    assert {str(t) for s in fresh._subjects for t in fresh.about(s)} == {str(t) for s in index._subjects for t in index.about(s)}
