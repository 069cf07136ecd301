"""Issue 14 items 5, 7, 8 and issue 10 item 6: a store knows what it is, refuses what it is not, survives kills."""
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import kill_build_when
from plankg_cli import main

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "data" / "plans"
TWO = ("330300-wenzhou-2021-2025.txt", "330382-yueqing-2021-2025.txt")


def plans_folder(tmp_path, names=TWO, extra=()) -> Path:
    folder = tmp_path / "input"
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(PLANS / name, folder / name)
    for source, target in extra:
        (folder / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(PLANS / source, folder / target)
    return folder


def one_line(capsys, command: str) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"plankg {command}: "), err
    assert "Traceback" not in err[0]
    return err[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Wenzhou and Yueqing built by ``plankg build`` into a store of this module's own."""
    tmp = tmp_path_factory.mktemp("built")
    store = tmp / "store"
    assert main(["build", "--input", str(plans_folder(tmp)), "--store", str(store)]) == 0
    return store


@pytest.mark.parametrize("command", [["stats"], ["validate"], ["export", "--format", "nquads"], ["link"],
                                     ["query", "plans"], ["trace", "就业"], ["publish", "--endpoint", "http://127.0.0.1:9/store"]])
def test_readers_refuse_a_missing_store_and_never_create_it(tmp_path, capsys, command):
    missing = tmp_path / "missing"
    assert main([*command, "--store", str(missing)]) == 1
    assert "no store here" in one_line(capsys, command[0]) and not missing.exists()


@pytest.mark.parametrize("make, words", [
    (lambda p: p.mkdir(), "an empty folder, not a store"),
    (lambda p: p.write_text("x"), "is a file, not a store folder"),
    (lambda p: (p.mkdir(), (p / "notes.txt").write_text("x")), "not a PlanKG store"),
])
def test_readers_refuse_what_is_not_a_store(tmp_path, capsys, make, words):
    target = tmp_path / "target"
    make(target)
    before = sorted(os.listdir(target)) if target.is_dir() else None
    assert main(["stats", "--store", str(target)]) == 1
    assert words in one_line(capsys, "stats")
    assert (sorted(os.listdir(target)) if target.is_dir() else None) == before


def test_a_foreign_store_is_refused_and_rebuild_replaces_it(tmp_path, capsys):
    import gc

    import pyoxigraph as ox
    foreign = tmp_path / "foreign"
    other = ox.Store(str(foreign))
    other.add(ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/b"), ox.Literal("c")))
    other.flush()
    del other
    gc.collect()
    input_dir = plans_folder(tmp_path, TWO[:1])
    assert main(["stats", "--store", str(foreign)]) == 1
    assert "--rebuild" in one_line(capsys, "stats")
    assert main(["build", "--input", str(input_dir), "--store", str(foreign)]) == 1
    assert "PlanKG did not build" in one_line(capsys, "build")
    assert main(["build", "--input", str(input_dir), "--store", str(foreign), "--rebuild"]) == 0
    capsys.readouterr()
    assert main(["query", "plans", "--store", str(foreign), "--format", "csv"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_a_corrupted_store_is_a_clear_error_and_rebuild_recovers(built, tmp_path, capsys):
    store = tmp_path / "store"
    shutil.copytree(built, store)
    for name in os.listdir(store):
        if name.startswith(("MANIFEST", "CURRENT")):
            (store / name).write_bytes(b"\x00garbage\x00" * 10)
    assert main(["stats", "--store", str(store)]) == 1
    assert "not a readable store" in one_line(capsys, "stats")
    assert main(["build", "--input", str(plans_folder(tmp_path)), "--store", str(store), "--rebuild"]) == 0
    capsys.readouterr()
    assert main(["stats", "--store", str(store)]) == 0
    assert "total: " in capsys.readouterr().out


def test_the_marker_names_the_files_and_says_complete(built):
    marker = json.loads((built / "PLANKG.json").read_text(encoding="utf-8"))
    assert marker["complete"] is True and [f["file"] for f in marker["files"]] == list(TWO)
    assert all(len(f["sha256"]) == 64 for f in marker["files"])


def test_a_second_build_at_once_is_refused(built, tmp_path, capsys):
    from graph.rdf.folder import build_lock
    with build_lock(built):
        assert main(["build", "--input", str(plans_folder(tmp_path)), "--store", str(built)]) == 1
    assert "another build is writing it" in one_line(capsys, "build")


def test_two_files_of_one_plan_are_reported_and_counted_once(tmp_path, capsys):
    input_dir = plans_folder(tmp_path, TWO[:1], extra=[(TWO[0], "copies/WENZHOU-COPY.TXT")])
    store = tmp_path / "store"
    assert main(["build", "--input", str(input_dir), "--store", str(store)]) == 1
    captured = capsys.readouterr()
    assert "WENZHOU-COPY.TXT: the same plan as" in captured.err
    assert "1 plans in" in captured.out and "1 failures" in captured.out


def test_building_from_fewer_files_removes_the_plans_no_file_holds(built, tmp_path, capsys):
    store = tmp_path / "store"
    shutil.copytree(built, store)
    assert main(["build", "--input", str(plans_folder(tmp_path / "one", TWO[:1])), "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert "1 plans in" in out and "1 removed" in out
    assert main(["query", "plans", "--store", str(store), "--format", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert len(rows) == 2 and "330300" in rows[1]


def test_build_says_what_it_does(tmp_path, capsys):
    assert main(["build", "--input", str(plans_folder(tmp_path, TWO[:1])), "--store", str(tmp_path / "s")]) == 0
    err = capsys.readouterr().err
    assert "[0/1] parsing 330300-wenzhou-2021-2025.txt" in err and "linking 1 plans" in err


def test_sigkill_mid_load_leaves_a_store_that_answers_and_a_later_build_completes(tmp_path):
    input_dir = plans_folder(tmp_path, list(TWO) + ["330800-quzhou-2021-2025.txt"])
    store = tmp_path / "store"
    # the first plan is in; the second is loading
    kill_build_when(["build", "--input", str(input_dir), "--store", str(store)],
                    lambda seen: b"[1/3] loading and validating" in seen)
    assert json.loads((store / "PLANKG.json").read_text(encoding="utf-8"))["complete"] is False
    read = subprocess.run([sys.executable, "-m", "plankg_cli", "query", "plans", "--store", str(store),
                           "--format", "csv"], cwd=ROOT, capture_output=True, text=True)
    assert read.returncode == 0 and "did not complete" in read.stderr and len(read.stdout.splitlines()) >= 2
    check = subprocess.run([sys.executable, "-m", "plankg_cli", "validate", "--store", str(store)],
                           cwd=ROOT, capture_output=True, text=True)
    assert check.returncode == 1 and check.stderr.count("\n") == 1 and "did not complete" in check.stderr
    again = subprocess.run([sys.executable, "-m", "plankg_cli", "build", "--input", str(input_dir),
                            "--store", str(store)], cwd=ROOT, capture_output=True, text=True)
    assert again.returncode == 0 and "3 plans in" in again.stdout
    assert json.loads((store / "PLANKG.json").read_text(encoding="utf-8"))["complete"] is True


def test_queries_during_a_reload_see_the_old_plan_or_the_new_never_half(records, tmp_path):
    import copy
    import gc

    from graph.query import execute as queries
    from graph.rdf import load_plans, open_store
    from graph.rdf.store import load_plan
    store_path = tmp_path / "store"
    writer = open_store(store_path)
    load_plans(writer, [records["wenzhou"]], PLANS)
    smaller = copy.deepcopy(records["wenzhou"])
    smaller.sections = smaller.sections[:2]
    graph = load_plan(writer, smaller, PLANS).graph
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    small = int(queries.run_sparql(count, store=str(store_path)).rows[0][0].value)
    load_plan(writer, records["wenzhou"], PLANS)
    full = int(queries.run_sparql(count, store=str(store_path)).rows[0][0].value)
    assert small < full
    seen, stop = set(), threading.Event()

    def reload():
        for i in range(12):
            load_plan(writer, smaller if i % 2 == 0 else records["wenzhou"], PLANS)
        stop.set()

    thread = threading.Thread(target=reload)
    thread.start()
    while not stop.is_set():
        seen.add(int(queries.run_sparql(count, store=str(store_path)).rows[0][0].value))
    thread.join()
    seen.add(int(queries.run_sparql(count, store=str(store_path)).rows[0][0].value))
    del writer
    gc.collect()
    assert seen <= {small, full} and full in seen
