"""The national-scale benchmark: a synthetic corpus of N plans built, validated, linked and queried, measured.

For each size N (``--sizes``): the corpus from ``bench/generate.py``; parsing (worker processes),
loading into an on-disk Oxigraph store, full SHACL validation (worker processes), linking and the
links graph's validation, and the dataset description, each timed once (a build runs them one after the
other, so ``build_s`` is their sum); re-loading and validating one plan (median of ``--runs``); every catalogue query on the
store (``Store.query`` and the public ``graph.run_query``) and, up to ``--rdflib-max`` plans, on
rdflib's in-memory Dataset holding the same quads (medians); the app's pages rendered with
Streamlit's AppTest in a separate process (``bench/app_probe.py``); peak memory; and ``plankg build``
itself, run into a second store as a user runs it (phases overlapped: the time a user waits).

Writes ``bench/results.json`` ({"<N>": {"build_s", "link_s", "validate_one_plan_s", "peak_rss_mb",
"queries": {name: {"median_ms", "rdflib_median_ms"}}}}, sizes not measured now are kept) and the
"National scale" section of ``bench/RESULTS.md``.

Run: .venv/bin/python bench/run.py --sizes 100 [--runs 5] [--jobs 2] [--link-max 3000]
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from generate import CORPORA, generate  # noqa: E402
from report import write_report  # noqa: E402

RESULTS_JSON = BENCH / "results.json"


def rss_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def median_ms(run, runs: int) -> float:
    if runs > 1:
        run()                                               # warm-up: parsed query, caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def timed(fn):
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


def corpus(n: int, seed: int) -> Path:
    out = CORPORA / f"n{n}"
    manifest = out / "manifest.json"
    if not manifest.is_file() or json.loads(manifest.read_text(encoding="utf-8")).__len__() != n:
        generate(n, out, seed)
    return out


def build_phases(folder: Path, store_path: Path, jobs: int, link: bool) -> dict:
    """Parse, load, validate, link, validate links: each phase timed; returns figures and the open store.

    The store is marked complete at the end and the plans' verdicts are kept beside it, as ``plankg
    build`` does (the app's overview shows them)."""
    from graph.link import link_store
    from graph.query.examples import load_examples
    from graph.rdf.describe import write_description
    from graph.pipeline import _parse_one, bulk_plans, run
    from graph.rdf import open_store, plan_graphs, validate_links
    from graph.rdf.folder import building
    from graph.rdf.validate_pool import ValidationCache, cache_path, validate_plans, worker_pool

    paths = sorted(folder.glob("*.txt"))
    with worker_pool(jobs) as pool:
        parsed, parse_s = timed(lambda: list(pool.map(_parse_one, paths, chunksize=4)))
    failures = [str(r) for _, r in parsed if isinstance(r, Exception)]
    store = open_store(store_path)
    with building(store_path, []):
        result, load_s = timed(lambda: run(store, parsed, folder, validate=False, link=False, describe=False,
                                             bulk=bulk_plans(len(paths))))
        graphs = plan_graphs(store)
        cache = ValidationCache(cache_path(store_path))
        reports, validate_s = timed(lambda: validate_plans(store, graphs, jobs=jobs, cache=cache))
        cache.save()
        figures = {"plans": len(result.plans), "parse_failures": failures, "parse_s": parse_s, "load_s": load_s,
                   "validate_s": validate_s, "violations": sum(len(r.violations) for r in reports),
                   "quads": len(store), "link_s": None, "validate_links_s": None}
        if link:
            links, figures["link_s"] = timed(lambda: link_store(store, jobs=jobs))
            figures["link_counts"] = links.counts()
            figures["link_timings"] = {step: round(seconds, 1) for step, seconds in links.timings.items()}
            links_report, figures["validate_links_s"] = timed(lambda: validate_links(store, jobs=jobs))
            figures["link_violations"] = len(links_report.violations)
        # the dataset description (VoID statistics, example queries) last, over everything, as plankg build
        _, figures["describe_s"] = timed(lambda: (load_examples(store), write_description(store, threads=jobs)))
    figures["build_s"] = sum(figures[k] or 0 for k in ("parse_s", "load_s", "validate_s", "link_s",
                                                         "validate_links_s", "describe_s"))
    return figures, store, [r for _, r in parsed if not isinstance(r, Exception)]


def reload_one(store, record, folder: Path, runs: int) -> float:
    """Median seconds to re-load one county plan and validate it (no cache: as after an edit)."""
    from graph.rdf import load_plan, validate_plan

    def once():
        load = load_plan(store, record, folder)
        validate_plan(store, load.graph, load.plan)
    return median_ms(once, runs) / 1000


PICK_PARAMETERS = """
PREFIX pk: <https://w3id.org/plankg/ontology#>
SELECT ?plan ?parent ?measure ?institution WHERE {
  ?measure pk:implements ?parentMeasure ; pk:inPlan ?plan .
  ?parentMeasure pk:inPlan ?parent .
  ?plan pk:region/pk:adminLevel/<http://www.w3.org/2004/02/skos/core#notation> "county" .
  ?institutionMeasure pk:inPlan ?plan ; pk:involves ?institution .
} ORDER BY ?plan ?measure ?institution LIMIT 1
"""


def corpus_parameters(store) -> dict[str, str]:
    """Parameter values that exist in this corpus: a county plan with a parent plan, one of its measures
    that implements a parent measure, an institution it names. The catalogue's defaults name the seed
    plans, which a synthetic corpus does not hold (their queries would time an empty answer)."""
    rows = list(store.query(PICK_PARAMETERS, use_default_graph_as_union=True))
    if not rows:
        return {}
    row = rows[0]
    picked = {name: row[name].value for name in ("plan", "parent", "measure", "institution")}
    picked["node"] = picked["measure"]
    return picked


def parameters_for(query, picked: dict[str, str]) -> dict[str, str]:
    """The picked values for the query's IRI parameters that have a default (what the catalogue shows),
    and for an optional ``plan`` (the app's pages ask for one plan's rows)."""
    return {p.name: picked[p.name] for p in query.params
            if p.type == "iri" and (p.default or p.name == "plan") and p.name in picked}


def query_timings(store, store_path: Path, runs: int, with_rdflib: bool) -> dict:
    """Each catalogue query: on the store itself (``Store.query``, its final ORDER BY applied to the rows
    in Python as ``run_query`` applies it: ``graph.query.order``), through the public ``run_query`` as
    the CLI, the app and ``plankg serve`` run it (the store's folder: a read-only worker process with
    the time limit), and on rdflib's in-memory Dataset; medians in milliseconds."""
    import pyoxigraph as ox

    from graph.query import QueryError, run_query, run_sparql
    from graph.query.bindings import bind
    from graph.query.catalogue import load_catalogue
    from graph.query.execute import _analyse, embedded_text
    from graph.query.order import sort_rows, take_order

    dataset = None
    if with_rdflib:
        import rdflib

        # rdflib 7.6 warns once per quad (Dataset.default_context): silenced, it would be timed too.
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
        dataset = rdflib.Dataset(default_union=True)
        dataset.parse(data=store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    out = {}
    picked = corpus_parameters(store)
    print(f"  parameters: {picked}", file=sys.stderr)

    def warm() -> None:
        # the query worker opens the store when it starts (tens of seconds for a large store just
        # written): started before the first timed query, and again after a query it was stopped for
        run_sparql("ASK { }", store=store_path, timeout=600)

    warm()
    for name, query in sorted(load_catalogue().items()):
        params = parameters_for(query, picked)
        bound = bind(query, params)
        form, projected = _analyse(query.text)
        text, subs = embedded_text(query.text, form, projected, bound, query.inlined)   # as run_query does,
        unsorted, keys = take_order(text, projected)      # its final ORDER BY sorted in Python (graph.query.order)
        subs = {ox.Variable(k): v for k, v in subs.items()}

        def sorted_here():
            found = store.query(unsorted, use_default_graph_as_union=True, substitutions=subs)
            return sort_rows([v.value for v in found.variables], [tuple(s) for s in found], keys)
        if keys and sorted_here() is not None:
            engine = median_ms(sorted_here, runs)
        else:                                             # no ORDER BY to take, or one Oxigraph must apply
            engine = median_ms(lambda: list(store.query(text, use_default_graph_as_union=True, substitutions=subs)),
                               runs)
        try:
            public = median_ms(lambda: run_query(query, params, store=store_path), runs)
        except QueryError as problem:                      # over the public time limit: say so, go on
            print(f"  run_query {name}: {problem}", file=sys.stderr)
            public = None
            warm()
        rows = len(list(store.query(text, use_default_graph_as_union=True, substitutions=subs)))
        rdflib_ms = None
        if dataset is not None:
            initial = _rdflib_bindings(bound)
            try:
                rdflib_ms = median_ms(lambda: list(dataset.query(query.text, initBindings=initial)), runs)
            except Exception as problem:                   # rdflib fails on some valid SPARQL 1.1
                print(f"  rdflib cannot run {name}: {type(problem).__name__}", file=sys.stderr)
        out[name] = {"median_ms": round(engine, 3), "rdflib_median_ms": None if rdflib_ms is None else round(rdflib_ms, 3),
                     "run_query_ms": None if public is None else round(public, 3), "rows": rows,
                     "parameters": params}
        print(f"  {name:28} {rows:6d} rows  oxigraph {engine:9.2f} ms  run_query {public} ms  "
              f"rdflib {rdflib_ms if rdflib_ms is None else round(rdflib_ms, 2)} ms", file=sys.stderr)
    return out


def _rdflib_bindings(bound) -> dict:
    import rdflib

    out = {}
    for name, term in bound.items():
        if term.__class__.__name__ == "Literal":
            out[name] = rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
        else:
            out[name] = rdflib.URIRef(term.value)
    return out


def app_timings(store_path: Path, runs: int) -> dict:
    """Render every page in a fresh process; its milliseconds per page and its peak memory."""
    done = subprocess.run([sys.executable, str(BENCH / "app_probe.py"), str(store_path), "--runs", str(runs)],
                          capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["no output"])[-1]}
    return json.loads(done.stdout)


def plankg_build(folder: Path, jobs: int) -> dict:
    """``plankg build`` run as a user runs it, into a new store: its wall clock, exit status and last
    line. It overlaps parsing, loading and validating the plans, which ``build_phases`` times one after
    the other; this is the time a user waits for."""
    with tempfile.TemporaryDirectory(prefix="plankg-bench-build-") as tmp:
        command = [sys.executable, "-m", "plankg_cli", "build", "--input", str(folder),
                   "--store", str(Path(tmp) / "store"), "--jobs", str(jobs)]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=4 * 3600)
        seconds = time.perf_counter() - started
    lines = done.stdout.strip().splitlines() or [""]
    links = next((line for line in lines if line.startswith("links: ")), None)
    return {"seconds": round(seconds, 1), "exit": done.returncode, "summary": lines[-1], "links": links,
            "error": (done.stderr.strip().splitlines() or [None])[-1] if done.returncode else None}


def measure(n: int, args) -> dict:
    print(f"== N = {n}", file=sys.stderr)
    folder = corpus(n, args.seed)
    with tempfile.TemporaryDirectory(prefix="plankg-bench-") as tmp:
        store_path = Path(tmp) / "store"
        if args.keep_store is not None:                    # built there and kept, for a look afterwards
            store_path = args.keep_store / f"n{n}"
            if store_path.exists():
                raise SystemExit(f"--keep-store: {store_path} exists; remove it or choose another folder")
        figures, store, records = build_phases(folder, store_path, args.jobs, n <= args.link_max)
        print(f"  build {figures['build_s']:.1f}s: parse {figures['parse_s']:.1f}, load {figures['load_s']:.1f}, "
              f"validate {figures['validate_s']:.1f}, link {figures['link_s']}", file=sys.stderr)
        county = next(r for r in reversed(records) if r.region and r.region.level == "county")
        figures["validate_one_plan_s"] = reload_one(store, county, folder, args.runs)
        figures["peak_rss_mb"] = round(rss_mb(), 1)
        figures["workers_peak_rss_mb"] = round(rss_mb(resource.RUSAGE_CHILDREN), 1)
        figures["queries"] = query_timings(store, store_path, args.runs, n <= args.rdflib_max)
        figures["peak_rss_with_rdflib_mb"] = round(rss_mb(), 1)
        store.flush()
        del store
        gc.collect()
        figures["app"] = app_timings(store_path, args.app_runs) if args.app_runs else None
    if args.plankg_build:
        print("  plankg build ...", file=sys.stderr)
        figures["plankg_build"] = plankg_build(folder, args.jobs)
        print(f"  plankg build {figures['plankg_build']}", file=sys.stderr)
    return figures


def public_shape(figures: dict) -> dict:
    """The figures results.json promises, nothing more."""
    return {"build_s": round(figures["build_s"], 2),
            "link_s": None if figures["link_s"] is None else round(figures["link_s"], 2),
            "validate_one_plan_s": round(figures["validate_one_plan_s"], 3),
            "peak_rss_mb": figures["peak_rss_mb"],
            "queries": {k: {"median_ms": v["median_ms"], "rdflib_median_ms": v["rdflib_median_ms"]}
                        for k, v in figures["queries"].items()}}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100])
    parser.add_argument("--runs", type=int, default=5, help="repeats for the medians")
    parser.add_argument("--app-runs", type=int, default=3, help="renders per page (0: no app timing)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--link-max", type=int, default=100000, help="link only corpora up to this size")
    parser.add_argument("--rdflib-max", type=int, default=100, help="rdflib side only up to this size")
    parser.add_argument("--out", type=Path, default=RESULTS_JSON, help="results.json to update")
    parser.add_argument("--no-report", action="store_true", help="leave bench/RESULTS.md alone")
    parser.add_argument("--keep-store", type=Path, help="build each size's store in DIR/n<N> and keep it")
    parser.add_argument("--no-plankg-build", dest="plankg_build", action="store_false",
                        help="do not also time `plankg build` into a second store (a second full build)")
    args = parser.parse_args(argv)
    for n in args.sizes:
        if n < 3:
            parser.error(f"--sizes: {n} is too small for a hierarchy (at least 3 plans)")
    results = json.loads(args.out.read_text(encoding="utf-8")) if args.out.is_file() else {}
    details_file = args.out.with_name(args.out.stem + "-details.json")
    details = json.loads(details_file.read_text(encoding="utf-8")) if details_file.is_file() else {}
    for n in args.sizes:
        figures = measure(n, args)
        figures["taken"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        figures["load_average"] = os.getloadavg()[0]
        results[str(n)] = public_shape(figures)
        details[str(n)] = figures
        args.out.write_text(json.dumps(dict(sorted(results.items(), key=lambda kv: int(kv[0]))), indent=1,
                                       ensure_ascii=False) + "\n", encoding="utf-8")
        details_file.write_text(json.dumps(dict(sorted(details.items(), key=lambda kv: int(kv[0]))), indent=1,
                                           ensure_ascii=False) + "\n", encoding="utf-8")
    if not args.no_report:
        write_report(details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
