"""Exports: TriG reloads to the same graph, fresh builds give byte-identical sorted N-Quads, the CLI works."""
from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
import rdflib

from conftest import PLANS_DIR
from graph.rdf.export import FORMATS, export, sorted_nquads
from graph.link.linker import link_store
from graph.rdf.store import load_plans, open_store
from plankg_cli import main


def test_trig_export_reloads_isomorphic(store):
    data = export(store, "trig")
    reloaded = ox.Store()
    reloaded.load(data, format=ox.RdfFormat.TRIG)
    assert sorted_nquads(reloaded) == sorted_nquads(store)
    # and an independent parser reads the same graphs: isomorphic, graph by graph, with the difference
    # printed on failure (rdflib.compare)
    from rdflib.compare import graph_diff, isomorphic, to_isomorphic

    reread = rdflib.Dataset()
    reread.parse(data=data.decode("utf-8"), format="trig")
    original = rdflib.Dataset()
    original.parse(data=export(store, "nquads").decode("utf-8"), format="nquads")
    names = {g.identifier for g in original.graphs() if len(g)}
    assert names == {g.identifier for g in reread.graphs() if len(g)}
    for name in sorted(names):
        a, b = to_isomorphic(original.graph(name)), to_isomorphic(reread.graph(name))
        if not isomorphic(a, b):
            _, only_original, only_reread = graph_diff(a, b)
            pytest.fail(f"{name}: only in the store:\n{only_original.serialize(format='nt')}\n"
                        f"only in the TriG export:\n{only_reread.serialize(format='nt')}")


def test_two_fresh_builds_give_byte_identical_nquads(records, store):
    from conftest import fixed_build_time
    from graph.query.examples import load_examples
    from graph.rdf.describe import write_description

    fresh = open_store()
    load_plans(fresh, list(records.values())[::-1], PLANS_DIR)      # another order, same graph
    link_store(fresh)                                               # and the same links graph
    load_examples(fresh)                                            # the catalogue as RDF
    with fixed_build_time():                                        # the description, built as the session's
        write_description(fresh)
    assert sorted_nquads(fresh) == sorted_nquads(store)
    assert export(fresh, "nquads") == export(store, "nquads")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_parses_back(store, fmt):
    data = export(store, fmt)
    target = FORMATS[fmt]
    quads = list(ox.parse(data, target))
    if fmt == "turtle":
        assert len(quads) == len(set(q.triple for q in store))    # the union of all graphs
    else:
        assert len(quads) == len(store)
    if fmt == "jsonld":
        assert json.loads(data)


def test_one_graph_as_turtle(store, plan_iris):
    data = export(store, "turtle", graph=plan_iris["hangzhou"] + "/graph")
    graph = rdflib.Graph().parse(data=data.decode("utf-8"), format="turtle")
    assert (rdflib.URIRef(plan_iris["hangzhou"]), rdflib.RDF.type, rdflib.URIRef("https://w3id.org/plankg/ontology#Plan")) in graph


def test_unknown_format_is_refused(store):
    with pytest.raises(ValueError, match="trig"):
        export(store, "rdfxml")


def test_cli_build_validate_stats_export(tmp_path, capsys):
    path = tmp_path / "store"
    assert main(["build", "--input", str(PLANS_DIR), "--store", str(path), "--report", str(tmp_path / "report.ttl")]) == 0
    out = capsys.readouterr().out
    assert "330300-wenzhou-2021-2025.txt:" in out and "14 indicators" in out and "conforms" in out
    assert "0 violations" in out
    assert rdflib.Graph().parse(tmp_path / "report.ttl", format="turtle") is not None
    assert main(["build", "--input", str(PLANS_DIR), "--store", str(path)]) == 0    # twice: no duplicates
    capsys.readouterr()
    assert main(["validate", "--store", str(path)]) == 0
    assert "5 plans; 0 violations" in capsys.readouterr().out
    assert main(["stats", "--store", str(path)]) == 0
    stats = capsys.readouterr().out
    assert "7 projects" in stats and "graph/vocabulary" in stats
    out_file = tmp_path / "corpus.nq"
    assert main(["export", "--store", str(path), "--format", "nquads", "-o", str(out_file)]) == 0
    exported = out_file.read_bytes()
    fresh = open_store()
    fresh.load(exported, format=ox.RdfFormat.N_QUADS)
    assert sorted_nquads(fresh) == exported


def test_cli_build_refuses_a_missing_folder(tmp_path, capsys):
    assert main(["build", "--input", str(tmp_path / "nowhere"), "--store", str(tmp_path / "s")]) == 2
    assert "not a folder" in capsys.readouterr().err
