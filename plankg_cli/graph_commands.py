"""``plankg build / validate / export / stats``: the graph in the embedded store (build also links it)."""
from __future__ import annotations

import sys
import time
from pathlib import Path

DEFAULT_INPUT = Path("data/plans")


def register(subparsers) -> None:
    from graph.export import FORMATS, NETWORK_FORMATS
    from graph.store import DEFAULT_STORE_PATH

    store_help = f"store folder (default {DEFAULT_STORE_PATH})"
    p = subparsers.add_parser("build", help="parse the plans, build and load the graph, link and validate it")
    p.add_argument("--input", type=Path, default=DEFAULT_INPUT, help=f"folder of plan texts (default {DEFAULT_INPUT})")
    p.add_argument("--store", type=Path, default=DEFAULT_STORE_PATH, help=store_help)
    p.add_argument("--report", type=Path, help="also write the SHACL report in Turtle to this file")
    p.set_defaults(func=cmd_build)

    p = subparsers.add_parser("validate", help="validate every plan graph in the store with the SHACL shapes")
    p.add_argument("--store", type=Path, default=DEFAULT_STORE_PATH, help=store_help)
    p.add_argument("--report", type=Path, help="also write the SHACL report in Turtle to this file")
    p.set_defaults(func=cmd_validate)

    p = subparsers.add_parser("export", help="write the store as TriG, N-Quads, Turtle or JSON-LD, or its links as GraphML")
    p.add_argument("--store", type=Path, default=DEFAULT_STORE_PATH, help=store_help)
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--format", choices=sorted((*FORMATS, *NETWORK_FORMATS)))
    what.add_argument("--dump", type=Path, metavar="DIR",
                      help="write the download files into DIR: N-Quads and TriG (gzip), void.ttl, SHA256SUMS")
    p.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    p.set_defaults(func=cmd_export)

    p = subparsers.add_parser("stats", help="triples per graph and nodes per class of each plan")
    p.add_argument("--store", type=Path, default=DEFAULT_STORE_PATH, help=store_help)
    p.set_defaults(func=cmd_stats)


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


def cmd_build(args) -> int:
    import loaders
    from graph.store import opened_store

    if not args.input.is_dir():
        print(f"plankg build: {args.input}: not a folder of plan texts", file=sys.stderr)
        return 2
    with opened_store(args.store) as store:
        return _build(store, args, loaders.parse_dir(args.input))


def _build(store, args, parsed) -> int:
    from graph.store import load_plan, load_vocabulary, plan_stats
    from graph.validate import validate_plan

    load_vocabulary(store)
    failures, reports = [], []
    for path, record in parsed:
        if isinstance(record, Exception):
            failures.append(str(record))
            continue
        started = time.perf_counter()
        load = load_plan(store, record, args.input)
        report = validate_plan(store, load.graph, load.plan)
        reports.append(report)
        counts = plan_stats(store, load.graph)
        result = "conforms" if report.conforms else f"{len(report.violations)} violations"
        print(f"{path.name}: {counts['triples']} triples, {counts['sections']} sections, "
              f"{counts['measures']} measures, {counts['indicators']} indicators, "
              f"{counts['institutions']} institutions; {result} ({time.perf_counter() - started:.2f}s)")
    links = _link(store, reports, failures)
    _publishable(store)
    violations = _print_reports([r for r in reports if not r.conforms], args.report)
    if args.report is not None and not violations:
        _print_reports([], args.report)
    for failure in failures:
        print(f"failed: {failure}", file=sys.stderr)
    print(f"{len(reports) - (links is not None)} plans in {args.store}; {violations} violations; {len(failures)} failures")
    return 1 if violations or failures else 0


def _link(store, reports, failures):
    """Link the loaded plans and validate the links graph; its report joins the plan reports."""
    from graph.analysis import DerivationCycleError
    from graph.link import link_store
    from graph.validate import validate_links
    from plankg_cli.link_commands import print_link_report

    try:
        report = link_store(store)
    except DerivationCycleError as problem:
        failures.append(f"linking: {problem}")
        return None
    print_link_report(report)
    checked = validate_links(store)
    reports.append(checked)
    return checked


def _publishable(store) -> None:
    """The catalogue as RDF and the dataset description (last, so that it counts everything else)."""
    from graph.describe import write_description
    from graph.examples import load_examples

    examples = load_examples(store)
    described = write_description(store)
    print(f"catalogue: {examples} triples; dataset description: {described} triples")


def cmd_validate(args) -> int:
    from graph.namespace import LINKS_GRAPH
    from graph.store import graph_counts, opened_store
    from graph.validate import validate_links, validate_store

    with opened_store(args.store) as store:
        reports = validate_store(store)
        links = [validate_links(store)] if LINKS_GRAPH in graph_counts(store) else []
    violations = _print_reports(reports + links, args.report)
    linked = "; links graph checked" if links else ""
    print(f"{len(reports)} plans; {violations} violations{linked}")
    return 1 if violations else 0


def cmd_export(args) -> int:
    from graph.export import export
    from graph.store import opened_store

    if args.dump is not None:
        return _dump(args)
    with opened_store(args.store) as store:
        data = export(store, args.format, args.output)
    if data is not None:
        sys.stdout.buffer.write(data)
    return 0


def _dump(args) -> int:
    from graph.dump import write_dump
    from graph.store import opened_store

    if args.output is not None:
        print("plankg export: --dump writes a folder; -o does not apply", file=sys.stderr)
        return 2
    if not args.store.is_dir():
        print(f"plankg export: {args.store}: no store here; run 'plankg build' first", file=sys.stderr)
        return 2
    with opened_store(args.store) as store:
        try:
            sums = write_dump(store, args.dump)
        except ValueError as problem:
            print(f"plankg export: {args.store}: {problem}", file=sys.stderr)
            return 1
    for name, digest in sorted(sums.items()):
        print(f"{args.dump / name}\t{(args.dump / name).stat().st_size} bytes\tsha256 {digest}")
    return 0


def cmd_stats(args) -> int:
    from graph.store import opened_store

    with opened_store(args.store) as store:
        return _stats(store)


def _stats(store) -> int:
    from graph.store import graph_counts, plan_graphs, plan_stats

    from graph.describe import DESCRIPTION_GRAPH

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
