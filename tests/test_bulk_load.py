"""Issue 10: a large first build writes its new plans in bulk loads (``graph.rdf.store.PlanWriter``).

The store it gives must be the store one transaction per plan gives; a plan the store holds is still
replaced in one transaction; and a build killed between bulk loads leaves each plan graph whole or
absent, and a later build completes.
"""
import copy
import json
import os
import subprocess
import sys

import pyoxigraph as ox
import pytest

from conftest import PLANS_DIR, ROOT, fixed_build_time, kill_build_when
from graph.rdf.build import plan_identity
from graph.rdf.store import PlanWriter, graph_counts, load_plan, load_vocabulary, open_store, plan_graphs

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402


def _quads(store: ox.Store) -> set:
    return set(store)


def _one_by_one(records) -> ox.Store:
    store = open_store()
    load_vocabulary(store)
    for record in records:
        load_plan(store, record, PLANS_DIR)
    return store


def test_plans_written_in_bulk_give_the_quads_written_one_by_one(records):
    plans = list(records.values())
    store = open_store()
    load_vocabulary(store)
    writer = PlanWriter(store, PLANS_DIR, batch=2)
    loads = []
    for record in plans:
        loads += writer.write(record)
    # two bulk loads of two plans each are written; the fifth plan is held back until flushed
    assert len(loads) == 4
    last = ox.NamedNode(plan_identity(plans[-1])[0] + "/graph")
    assert not store.contains_named_graph(last)
    loads += writer.flush()
    assert store.contains_named_graph(last) and writer.flush() == []
    assert [load.plan for load in loads] == [plan_identity(record)[0] for record in plans]
    counts = graph_counts(store)
    for load in loads:
        assert load.triples == len(load.written) == counts[load.graph] > 1000
    assert _quads(store) == _quads(_one_by_one(plans))


def test_a_plan_the_store_holds_is_replaced_at_once_not_added_to(records):
    smaller = copy.deepcopy(records["wenzhou"])
    smaller.sections = smaller.sections[:2]
    store = _one_by_one([records["wenzhou"], records["yueqing"]])
    writer = PlanWriter(store, PLANS_DIR, batch=10)
    (load,) = writer.write(smaller)                 # held by the store: replaced now, in one transaction
    assert graph_counts(store)[load.graph] == load.triples < plan_triples(records["wenzhou"])
    assert _quads(store) == _quads(_one_by_one([smaller, records["yueqing"]]))
    # a new plan is held; the same plan again in the batch writes the batch, then replaces the plan
    fresh = open_store()
    load_vocabulary(fresh)
    writer = PlanWriter(fresh, PLANS_DIR, batch=10)
    assert writer.write(smaller) == []
    held, full = writer.write(records["wenzhou"])
    assert held.triples == load.triples and full.triples == plan_triples(records["wenzhou"]) > held.triples
    assert writer.flush() == []
    assert _quads(fresh) == _quads(_one_by_one([records["wenzhou"]]))


def plan_triples(record) -> int:
    store = _one_by_one([record])
    return graph_counts(store)[plan_identity(record)[0] + "/graph"]


def test_a_writer_needs_at_least_one_plan_per_write():
    with pytest.raises(ValueError, match="batch=0"):
        PlanWriter(open_store(), batch=0)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bulk") / "corpus"
    generate(40, folder, seed=7)
    return folder


def test_bulk_loads_of_100_plans_are_the_default_for_20_files_or_more(monkeypatch):
    from graph.config import settings
    from graph.pipeline import BULK_THRESHOLD, bulk_plans

    monkeypatch.delenv("PLANKG_BULK_PLANS", raising=False)
    assert bulk_plans(3000) == 100 and bulk_plans(BULK_THRESHOLD - 1) == 1
    monkeypatch.setenv("PLANKG_BULK_PLANS", "10")
    assert bulk_plans(BULK_THRESHOLD) == 10 and bulk_plans(BULK_THRESHOLD - 1) == 1
    with pytest.raises(ValueError, match="PLANKG_BULK_PLANS='0': not a valid number of new plans"):
        settings({"PLANKG_BULK_PLANS": "0"})


def test_a_corpus_built_in_bulk_is_the_corpus_built_plan_by_plan(corpus, tmp_path, monkeypatch):
    from graph.pipeline import BULK_THRESHOLD, build_corpus, bulk_plans

    monkeypatch.setenv("PLANKG_BULK_PLANS", "10")
    assert len(list(corpus.glob("*.txt"))) >= BULK_THRESHOLD and bulk_plans(40) == 10
    dumps = {}
    for bulk in (bulk_plans(40), 1):
        heard = []
        store = open_store(tmp_path / f"bulk{bulk}")
        with fixed_build_time():
            result = build_corpus(corpus, store, jobs=1, bulk=bulk,
                                  progress=lambda event, payload: heard.append(payload) if event == "plan" else None)
        assert len(result.plans) == 40 and result.ok
        # plans are reported in file order, each with its counts read from the store after it was written
        assert [p.path.name for p in heard] == sorted(p.name for p in corpus.glob("*.txt"))
        assert all(p.counts["triples"] > 1000 and p.counts["measures"] > 0 for p in heard)
        dumps[bulk] = set(store.dump(format=ox.RdfFormat.N_QUADS).splitlines())
        del store
    assert len(dumps[1]) > 40 * 1000 and dumps[bulk_plans(40)] == dumps[1]


def test_a_bulk_build_killed_leaves_whole_plans_and_a_later_build_completes(corpus, tmp_path):
    from plankg_cli import main

    reference = tmp_path / "reference"
    assert main(["build", "--input", str(corpus), "--store", str(reference), "--jobs", "1"]) == 0
    done = ox.Store.read_only(str(reference))
    expected = graph_counts(done)
    plan_sizes = {g: expected[g] for _, g in plan_graphs(done)}
    del done
    assert len(plan_sizes) == 40

    store = tmp_path / "store"
    # plans are reported as each bulk load is written: ten are in, and five of the next ten are built
    kill_build_when(["build", "--input", str(corpus), "--store", str(store), "--jobs", "1"],
                    lambda seen: seen.count(b"[10/40] loading and validating") >= 5, seconds=300,
                    env={**os.environ, "PLANKG_BULK_PLANS": "10"})
    assert json.loads((store / "PLANKG.json").read_text(encoding="utf-8"))["complete"] is False
    killed = ox.Store.read_only(str(store))
    counts = graph_counts(killed)
    del killed
    written = {g: n for g, n in counts.items() if g in plan_sizes}
    # each plan graph whole or absent: the plans of the bulk loads done, none half-written
    assert len(written) >= 10 and all(n == plan_sizes[g] for g, n in written.items())
    read = subprocess.run([sys.executable, "-m", "plankg_cli", "query", "plans", "--store", str(store),
                           "--format", "csv"], cwd=ROOT, capture_output=True, text=True)
    assert read.returncode == 0 and "did not complete" in read.stderr
    assert len(read.stdout.splitlines()) == len(written) + 1
    again = subprocess.run([sys.executable, "-m", "plankg_cli", "build", "--input", str(corpus),
                            "--store", str(store), "--jobs", "1"], cwd=ROOT, capture_output=True, text=True)
    assert again.returncode == 0 and "40 plans in" in again.stdout, again.stderr[-2000:]
    assert json.loads((store / "PLANKG.json").read_text(encoding="utf-8"))["complete"] is True
    rebuilt = graph_counts(ox.Store.read_only(str(store)))
    assert {g: rebuilt.get(g) for g in expected} == expected


def test_a_build_sets_the_collector_for_its_run_and_puts_it_back():
    # the collector's thresholds during a build are GC_THRESHOLDS, with what existed before it set aside;
    # after it (and after one that fails midway) they are what they were, nothing left frozen
    import gc

    from graph.pipeline import GC_THRESHOLDS, build_corpus

    before, seen = gc.get_threshold(), []

    def progress(event, payload):
        if event == "plan":
            seen.append((gc.get_threshold(), gc.get_freeze_count() > 0, payload.counts["measures"]))

    result = build_corpus(PLANS_DIR, open_store(), progress=progress, link=False)
    assert len(result.plans) == len(seen) == 5 and sum(m for _, _, m in seen) == 273   # the five plans' measures
    assert all(threshold == GC_THRESHOLDS and frozen for threshold, frozen, _ in seen)
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0

    def failing(event, payload):
        if event == "plan":
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError, match="stop"):
        build_corpus(PLANS_DIR, open_store(), progress=failing, link=False)
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
