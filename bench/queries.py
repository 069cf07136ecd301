"""Median latency of every catalogue query: embedded Oxigraph versus rdflib's in-memory Dataset.

Writes the "## Queries" section of bench/RESULTS.md (other sections are left as they are).
Run: .venv/bin/python bench/queries.py [--repeat N]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from results import write_section  # noqa: E402


def median_ms(run, repeat: int) -> float:
    run()  # warm-up: parsing caches, lazy imports
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def build_stores():
    import pyoxigraph as ox
    import rdflib

    import graph
    import loaders

    store = graph.open_store()
    # the pipeline 'plankg build' runs (validation aside): the link queries need the links graph
    graph.run(store, loaders.parse_dir(ROOT / "data" / "plans"), ROOT / "data" / "plans", validate=False)
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(data=store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    return store, dataset


def rdflib_bindings(query):
    import rdflib

    from graph.query.execute import bind
    out = {}
    for name, term in bind(query).items():
        if hasattr(term, "datatype") and term.__class__.__name__ == "Literal":
            out[name] = rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
        else:
            out[name] = rdflib.URIRef(term.value)
    return out


def measure(repeat: int):
    import pyoxigraph as ox

    from graph.query import execute as queries
    from graph.query.catalogue import load_catalogue

    store, dataset = build_stores()
    rows = []
    for name, query in load_catalogue().items():
        bound = queries.bind(query)
        substitutions_ok = set(bound) <= (queries._analyse(query.text)[1] or set())
        text = query.text if substitutions_ok else queries.with_values(query.text, bound)
        subs = {ox.Variable(k): v for k, v in bound.items()} if substitutions_ok else {}
        n = len(list(store.query(text, use_default_graph_as_union=True, substitutions=subs)))
        oxigraph = median_ms(lambda: list(store.query(text, use_default_graph_as_union=True,
                                                      substitutions=subs)), repeat)
        guarded = median_ms(lambda: queries.run_query(query, store=store), repeat)
        initial = rdflib_bindings(query)
        try:
            rdflib_n = len(list(dataset.query(query.text, initBindings=initial)))
            rdflib_ms = median_ms(lambda: list(dataset.query(query.text, initBindings=initial)), repeat)
        except Exception as exc:   # rdflib's evaluator fails on some valid SPARQL 1.1; report it
            rdflib_n, rdflib_ms = None, f"fails ({type(exc).__name__})"
        rows.append((name, n, oxigraph, guarded, rdflib_ms, rdflib_n))
        shown = f"{rdflib_ms:9.2f} ms" if rdflib_n is not None else rdflib_ms
        print(f"{name:26} {n:4d} rows  oxigraph {oxigraph:8.2f} ms  run_query {guarded:8.2f} ms  "
              f"rdflib {shown} ({rdflib_n} rows)", file=sys.stderr)
    return len(store), rows


def section(triples: int, rows, repeat: int) -> str:
    lines = [
        "## Queries", "",
        f"Median of {repeat} runs after one warm-up, the five plans built and linked ({triples} quads) in memory, "
        "each catalogue query with its default parameters. `oxigraph`: `Store.query` on the embedded "
        "store; `run_query`: the same through `graph.query.execute` (read-only check, typed binding, forked "
        "worker with a time limit, results parsed back); `rdflib`: the same text on "
        "`rdflib.Dataset(default_union=True)` with `initBindings`. Regenerate with "
        "`.venv/bin/python bench/queries.py`.", "",
        "| query | rows | oxigraph ms | run_query ms | rdflib ms | rdflib / oxigraph |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, n, ox_ms, guarded, rd_ms, rd_n in rows:
        if rd_n is None:
            lines.append(f"| `{name}` | {n} | {ox_ms:.2f} | {guarded:.2f} | {rd_ms} | – |")
            continue
        note = "" if rd_n == n else f" ({rd_n} rows)"
        lines.append(f"| `{name}` | {n} | {ox_ms:.2f} | {guarded:.2f} | {rd_ms:.2f}{note} | "
                     f"{rd_ms / ox_ms:.0f}× |")
    lines.append("")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    triples, rows = measure(args.repeat)
    body = section(triples, rows, args.repeat).split("\n", 2)[2]    # drop the "## Queries" heading
    write_section("Queries", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
