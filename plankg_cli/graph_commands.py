"""``plankg build / validate / export / stats``: the graph in the embedded store (build also links it)."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

from plankg_cli._options import add_input, add_jobs, add_store


def register(subparsers) -> None:
    from graph import EXPORT_FORMATS

    p = subparsers.add_parser("build", help="parse the plans, build and load the graph, link and validate it")
    add_input(p)
    add_store(p)
    add_jobs(p)
    p.add_argument("--report", type=Path, help="also write the SHACL report in Turtle to this file")
    p.add_argument("--rebuild", action="store_true",
                   help="empty the store folder first (recovers a corrupted or foreign store)")
    p.set_defaults(func=cmd_build)

    p = subparsers.add_parser("validate", help="validate every plan graph in the store with the SHACL shapes")
    add_store(p)
    p.add_argument("--report", type=Path, help="also write the SHACL report in Turtle to this file")
    p.set_defaults(func=cmd_validate)

    p = subparsers.add_parser("export", help="write the store as TriG, N-Quads, Turtle or JSON-LD, or its links as GraphML")
    add_store(p)
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--format", choices=sorted(EXPORT_FORMATS))
    what.add_argument("--dump", type=Path, metavar="DIR",
                      help="write the download files into DIR: N-Quads and TriG (gzip), void.ttl, SHA256SUMS")
    p.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    p.set_defaults(func=cmd_export)

    p = subparsers.add_parser("stats", help="triples per graph and nodes per class of each plan")
    add_store(p)
    p.set_defaults(func=cmd_stats)


@contextmanager
def reading(path, write: bool = False):
    """A built store for a command that reads it: checked, never created; a warning if its build is unfinished."""
    import gc

    from graph.rdf.folder import open_existing

    store, state = open_existing(path, write=write)
    if state.warning():
        print(f"plankg: warning: {state.warning()}", file=sys.stderr)
    try:
        yield store, state
        if write:
            store.flush()
    finally:
        del store
        gc.collect()


def _print_reports(reports, report_file) -> int:
    violations = 0
    for report in reports:
        print(f"{report.plan}: {'conforms' if report.conforms else f'{len(report.violations)} violations'}")
        for row in report.rows:
            print(f"  {row}")
        violations += len(report.violations)
    if report_file is not None:
        report_file.parent.mkdir(parents=True, exist_ok=True)
        report_file.write_text("\n".join(f"# {r.plan}\n{r.turtle}" for r in reports), encoding="utf-8")
    return violations


def _print_progress(event: str, payload) -> None:
    from plankg_cli.link_commands import print_link_report

    if event == "plan":
        counts, report = payload.counts, payload.report
        result = "conforms" if report.conforms else f"{len(report.violations)} violations"
        name = payload.path.name if payload.path else payload.plan
        print(f"{name}: {counts['triples']} triples, {counts['sections']} sections, "
              f"{counts['measures']} measures, {counts['indicators']} indicators, "
              f"{counts['institutions']} institutions; {result} ({payload.seconds:.2f}s)")
    elif event == "links":
        print_link_report(payload)
    elif event == "described":
        examples, described = payload
        print(f"catalogue as RDF: {examples} triples; dataset description (VoID, DCAT): {described} triples")


def cmd_build(args) -> int:
    import gc
    import hashlib

    import loaders
    from graph.pipeline import bulk_plans, parse_files, run
    from graph.rdf.folder import build_lock, building, check_buildable, open_or_create, wipe
    from graph.rdf.validate_pool import POOL_THRESHOLD, ValidationCache, cache_path, worker_pool
    from plankg_cli.progress import Progress

    if not args.input.is_dir():  # a usage mistake: exit status 2, as argparse gives
        print(f"plankg build: --input {args.input} — not a folder of plan texts", file=sys.stderr)
        return 2
    if args.jobs < 1:
        print(f"plankg build: --jobs {args.jobs} — needs at least 1 worker", file=sys.stderr)
        return 2
    files = loaders.plan_files(args.input)
    if not files:
        print(f"plankg build: --input {args.input} — no plan files ({loaders.SUFFIXES}, any case) in this "
              "folder or its subfolders", file=sys.stderr)
        return 2
    inventory = [{"file": f.relative_to(args.input).as_posix(),
                  "sha256": hashlib.sha256(f.read_bytes()).hexdigest()} for f in files]
    show = Progress(len(files), _print_progress)
    with build_lock(args.store):
        if args.rebuild:
            wipe(args.store)
        check_buildable(args.store)
        store = open_or_create(args.store)
        try:
            with building(args.store, inventory):
                # the files are parsed in the workers that validate (the plans load here meanwhile)
                pool = worker_pool(args.jobs) if args.jobs > 1 and len(files) >= POOL_THRESHOLD else None
                try:
                    parsed = parse_files(files, pool, show)
                    # Verdicts of unchanged plans are kept beside the store, keyed by content: never stale.
                    cache = ValidationCache(cache_path(args.store))
                    result = run(store, parsed, args.input, prune=True, progress=show, jobs=args.jobs,
                                 cache=cache, pool=pool, bulk=bulk_plans(len(files)))
                finally:
                    if pool is not None:
                        pool.shutdown()
                store.flush()
        finally:
            show.done()
            del store
            gc.collect()
    violations = _print_reports([r for r in result.reports if not r.conforms], args.report)
    if args.report is not None and not violations:
        _print_reports([], args.report)
    for failure in result.failures:
        print(f"failed: {failure}", file=sys.stderr)
    removed = f"; {len(result.removed)} removed (no longer in {args.input})" if result.removed else ""
    print(f"{len(result.plans)} plans in {args.store}{removed}; {violations} violations; "
          f"{len(result.failures)} failures")
    return 0 if result.ok else 1


def cmd_validate(args) -> int:
    from graph.errors import StoreError
    from graph.rdf.folder import check_store
    from graph.rdf.namespace import LINKS_GRAPH
    from graph.rdf.store import graph_counts
    from graph.rdf.validate import validate_links, validate_store

    state = check_store(args.store)
    if state.complete is False:  # a killed build's plans may conform while its links are missing
        raise StoreError(state.warning().split(" — ", 1)[1], str(args.store))
    with reading(args.store) as (store, _):
        reports = validate_store(store)
        links = [validate_links(store)] if LINKS_GRAPH in graph_counts(store) else []
    violations = _print_reports(reports + links, args.report)
    linked = "; links graph checked" if links else ""
    print(f"{len(reports)} plans; {violations} violations{linked}")
    return 1 if violations else 0


def cmd_export(args) -> int:
    from graph import export
    from graph.errors import PlanKGError

    if args.dump is not None:
        return _dump(args)
    if args.output is not None and args.output.is_dir():
        raise PlanKGError("is a folder; give a file name", f"-o {args.output}")
    with reading(args.store) as (store, _):
        data = export(store, args.format, args.output)
    if data is not None:
        sys.stdout.buffer.write(data)
    return 0


def _dump(args) -> int:
    from graph.errors import PlanKGError
    from graph.rdf.dump import write_dump

    if args.output is not None:
        raise PlanKGError("--dump writes a folder of files; -o does not apply", f"-o {args.output}")
    with reading(args.store) as (store, _):
        sums = write_dump(store, args.dump)
    for name, digest in sorted(sums.items()):
        print(f"{args.dump / name}\t{(args.dump / name).stat().st_size} bytes\tsha256 {digest}")
    return 0


def cmd_stats(args) -> int:
    with reading(args.store) as (store, _):
        return _stats(store)


def _stats(store) -> int:
    from graph.rdf import graph_counts, plan_graphs, plan_stats
    from graph.rdf.describe import DESCRIPTION_GRAPH

    counts = graph_counts(store)
    plans = dict((g, p) for p, g in plan_graphs(store))
    description = counts.pop(DESCRIPTION_GRAPH, None)
    for graph, n in counts.items():
        if graph in plans:
            stats = plan_stats(store, graph)
            detail = ", ".join(f"{v} {k}" for k, v in stats.items() if k != "triples")
            print(f"{plans[graph]}: {n} triples; {detail}")
        else:
            print(f"{graph}: {n} triples")
    print(f"total: {sum(counts.values())} triples in {len(counts)} graphs")
    if description is not None:
        print(f"described by {DESCRIPTION_GRAPH} (VoID, DCAT): {description} triples more")
    return 0
