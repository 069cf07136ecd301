"""Benchmark the graph build: build, load and validate time per plan and triples per second.

Run: .venv/bin/python bench/build.py [--runs N]. Writes the "Graph build" section of bench/RESULTS.md.
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

from results import machine, write_section  # noqa: E402

PLANS = ROOT / "data" / "plans"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)

    import loaders
    from graph.rdf.build import build_plan
    from graph.rdf.iris import load_vocabulary
    from graph.rdf.store import load_plan, load_vocabulary as load_vocabulary_graph, open_store
    from graph.rdf.validate import shapes_graph, validate_plan

    records = [loaders.parse(path) for path in sorted(PLANS.glob("*.txt"))]
    load_vocabulary(), shapes_graph()                       # warm-up: vocabularies and shapes parsed once
    build_times = {r.file: [] for r in records}
    load_times = {r.file: [] for r in records}
    validate_times = {r.file: [] for r in records}
    triples = {}
    corpus_build, corpus_total = [], []
    for _ in range(args.runs):
        store = open_store()
        load_vocabulary_graph(store)
        run_started = time.perf_counter()
        build_sum = 0.0
        for record in records:
            started = time.perf_counter()
            quads = build_plan(record, PLANS)
            built = time.perf_counter()
            load = load_plan(store, record, PLANS)
            loaded = time.perf_counter()
            validate_plan(store, load.graph, load.plan)
            validated = time.perf_counter()
            build_times[record.file].append(built - started)
            load_times[record.file].append(loaded - built)
            validate_times[record.file].append(validated - loaded)
            build_sum += built - started
            triples[record.file] = len(quads)
        corpus_build.append(build_sum)
        corpus_total.append(time.perf_counter() - run_started)

    med = statistics.median
    total_triples = sum(triples.values())
    rows = ["| plan | triples | build ms | load ms | validate ms | build triples/s |", "|---|---|---|---|---|---|"]
    for record in records:
        b = med(build_times[record.file])
        rows.append(f"| `{record.file}` | {triples[record.file]} | {b * 1000:.1f} | "
                    f"{med(load_times[record.file]) * 1000:.1f} | {med(validate_times[record.file]) * 1000:.0f} | "
                    f"{triples[record.file] / b:,.0f} |")
    body = f"""Machine: {machine()}. `bench/build.py`, median of {args.runs} runs over the {len(records)} plans of
`data/plans/` (records parsed once beforehand; vocabularies and shapes loaded once), in-memory store.
"build" is records to quads (`graph.rdf.build.build_plan`, verbatim span texts included), "load" is building
again plus replacing the plan's named graph in one update (`graph.rdf.store.load_plan`), "validate" is pySHACL
on the plan graph with its vocabulary context (`graph.rdf.validate.validate_plan`).

| measure | median |
|---|---|
| corpus build time (records to quads) | {med(corpus_build) * 1000:.0f} ms |
| build triples per second | {total_triples / med(corpus_build):,.0f} |
| corpus build + load + validate | {med(corpus_total):.2f} s |
| triples in the plan graphs | {total_triples} |

""" + "\n".join(rows)
    write_section("Graph build", body)
    print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
