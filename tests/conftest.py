"""Session fixtures: the five real plans parsed (``records``) and loaded into an in-memory store (``store``)."""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLANS_DIR = ROOT / "data" / "plans"
TEST_DATA = Path(__file__).resolve().parent / "data"


BUILD_EPOCH = "1767225600"  # SOURCE_DATE_EPOCH of the test builds: the description says 2026-01-01T00:00:00Z


@contextmanager
def fixed_build_time():
    """Builds inside get the same build time in their dataset description, so they compare byte for byte."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = BUILD_EPOCH
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def plan_name(path: Path) -> str:
    """330300-wenzhou-2021-2025.txt -> wenzhou"""
    return path.stem.split("-")[1]


@pytest.fixture(scope="session")
def records():
    """Every plan of data/plans/ parsed, by short name: records["wenzhou"]."""
    import loaders

    parsed = {}
    for path in sorted(PLANS_DIR.glob("*.txt")):
        parsed[plan_name(path)] = loaders.parse(path)
    assert len(parsed) == 5
    return parsed


@pytest.fixture(scope="session")
def plan_iris(records):
    """Plan IRI by short name: plan_iris["wenzhou"]."""
    from graph.rdf.build import plan_identity

    return {name: plan_identity(record)[0] for name, record in records.items()}


@pytest.fixture(scope="session")
def linked(records):
    """(store, link report): the five plans loaded and linked by the pipeline ``plankg build`` runs."""
    from graph import open_store
    from graph.pipeline import run

    s = open_store()
    with fixed_build_time():
        result = run(s, records.values(), PLANS_DIR, validate=False)
    assert not result.failures, result.failures
    return s, result.links


@pytest.fixture(scope="session")
def store(linked):
    """An in-memory store with the vocabulary, the five plans and their links graph (do not modify it in tests)."""
    return linked[0]


@pytest.fixture(scope="session")
def link_report(linked):
    """What linking the five plans found (graph.link.linker.LinkReport)."""
    return linked[1]


@pytest.fixture(scope="session")
def reports(store):
    """SHACL report of every plan graph of ``store``."""
    from graph.rdf.validate import validate_store

    return validate_store(store)


@pytest.fixture(scope="session")
def store_dir(records, tmp_path_factory):
    """The five plans built and linked in an on-disk store, for --store, the server and publish."""
    from graph import opened_store
    from graph.pipeline import run

    path = tmp_path_factory.mktemp("disk") / "store"
    with opened_store(path) as on_disk, fixed_build_time():
        assert not run(on_disk, records.values(), PLANS_DIR, validate=False).failures
    return path


@pytest.fixture(scope="session")
def built_store_dir(tmp_path_factory):
    """A store built by ``plankg build`` (marker, catalogue, dataset description), build time 2026-01-01."""
    from plankg_cli import main

    path = tmp_path_factory.mktemp("built") / "store"
    with fixed_build_time():
        assert main(["build", "--input", str(PLANS_DIR), "--store", str(path)]) == 0
    return path


def links_broken_by(store, cases):
    """A copy of ``store`` with the link-shape ``cases`` (SPARQL updates of the links data graph: links
    graph plus context) applied: what each removes and adds is done to the copy's links graph."""
    import pyoxigraph as ox
    import rdflib

    from graph.rdf.namespace import LINKS_GRAPH
    from graph.rdf.validate import links_data_graph

    base = links_data_graph(store)
    changed = links_data_graph(store)
    for case in cases:
        changed.update(case.read_text(encoding="utf-8"))
    links = ox.NamedNode(LINKS_GRAPH)
    copy = ox.Store()
    copy.extend(store)

    def term(t):
        if isinstance(t, rdflib.URIRef):
            return ox.NamedNode(str(t))
        if t.language:
            return ox.Literal(str(t), language=t.language)
        return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)) if t.datatype else None)

    removed, added = set(base) - set(changed), set(changed) - set(base)
    assert removed or added
    for triple in removed:
        copy.remove(ox.Quad(*map(term, triple), links))
    copy.extend(ox.Quad(*map(term, t), links) for t in added)
    return copy


def kill_build_when(argv: list[str], ready, seconds: float = 120, env=None) -> None:
    """Start ``plankg`` with ``argv`` in a process, SIGKILL it once ``ready(stderr so far)`` is true."""
    import signal
    import subprocess
    import sys
    import time

    build = subprocess.Popen([sys.executable, "-m", "plankg_cli", *argv], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env)
    seen = b""
    deadline = time.monotonic() + seconds
    while not ready(seen):
        assert time.monotonic() < deadline and build.poll() is None, seen.decode()
        seen += build.stderr.readline()
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    build.stdout.close()
    build.stderr.close()
