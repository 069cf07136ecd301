"""What the query limits cost: a catalogue query straight on Oxigraph, through the worker pool, and forked.

Writes the "## Query limits" section of bench/RESULTS.md (other sections are left as they are).
Run: .venv/bin/python bench/query_limits.py [--repeat N]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from results import machine, write_section  # noqa: E402

QUERIES = {
    "ask": "ASK { ?s ?p ?o }",
    "plans": None,          # the catalogue query of that name
    "indicators": None,
}


def median_ms(run, repeat: int) -> float:
    run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(repeat: int) -> list[tuple[str, float, float, float]]:
    import gc

    import loaders
    from graph.query import execute
    from graph.rdf import load_plans, open_store

    folder = Path(tempfile.mkdtemp(prefix="plankg-bench-")) / "store"
    writer = open_store(folder)
    load_plans(writer, [r for _, r in loaders.parse_dir(ROOT / "data" / "plans")], ROOT / "data" / "plans")
    writer.flush()
    del writer
    gc.collect()
    import pyoxigraph as ox
    direct = ox.Store.read_only(str(folder))
    rows = []
    for name, text in QUERIES.items():
        text = text or execute.get_query(name).text
        bare = median_ms(lambda: list(direct.query(text, use_default_graph_as_union=True))
                         if not text.startswith("ASK") else bool(direct.query(text)), repeat)
        pooled = median_ms(lambda: execute.run_sparql(text, store=str(folder), timeout=30), repeat)
        forked = median_ms(lambda: execute.run_sparql(text, store=direct, timeout=30), repeat)
        rows.append((name, bare, pooled, forked))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    rows = measure(args.repeat)
    lines = [f"{machine()}; five plans; median of {args.repeat} runs, milliseconds. *pool*: `run_sparql(store=PATH)`, "
             "a long-lived read-only worker process with time and memory limits (the CLI, the app, `plankg serve`); "
             "*fork*: `run_sparql(store=ox.Store)`, a forked child per query (in-memory stores).", "",
             "| query | Oxigraph direct | pool | pool overhead | fork |", "|---|---:|---:|---:|---:|"]
    for name, bare, pooled, forked in rows:
        lines.append(f"| `{name}` | {bare:.2f} | {pooled:.2f} | {pooled - bare:+.2f} | {forked:.2f} |")
        print(f"{name}: direct {bare:.2f} ms, pool {pooled:.2f} ms, fork {forked:.2f} ms")
    write_section("Query limits", "\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
