"""``plankg build / validate / export / stats``: the graph in the embedded store (build also links it)."""
from __future__ import annotations

import sys
from pathlib import Path

from plankg_cli._options import add_input, add_store


def register(subparsers) -> None:
    from graph import EXPORT_FORMATS

    p = subparsers.add_parser("build", help="parse the plans, build and load the graph, link and validate it")
    add_input(p)
    add_store(p)
    p.add_argument("--report", type=Path, help="also write the SHACL report in Turtle to this file")
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
    from graph import opened_store
    from graph.pipeline import build_corpus

    if not args.input.is_dir():
        print(f"plankg build: {args.input}: not a folder of plan texts", file=sys.stderr)
        return 2
    with opened_store(args.store) as store:
        result = build_corpus(args.input, store, progress=_print_progress)
    violations = _print_reports([r for r in result.reports if not r.conforms], args.report)
    if args.report is not None and not violations:
        _print_reports([], args.report)
    for failure in result.failures:
        print(f"failed: {failure}", file=sys.stderr)
    print(f"{len(result.plans)} plans in {args.store}; {violations} violations; {len(result.failures)} failures")
    return 0 if result.ok else 1


def cmd_validate(args) -> int:
    from graph.rdf.namespace import LINKS_GRAPH
    from graph.rdf.store import graph_counts, opened_store
    from graph.rdf.validate import validate_links, validate_store

    with opened_store(args.store) as store:
        reports = validate_store(store)
        links = [validate_links(store)] if LINKS_GRAPH in graph_counts(store) else []
    violations = _print_reports(reports + links, args.report)
    linked = "; links graph checked" if links else ""
    print(f"{len(reports)} plans; {violations} violations{linked}")
    return 1 if violations else 0


def cmd_export(args) -> int:
    from graph import export, opened_store

    if args.dump is not None:
        return _dump(args)
    with opened_store(args.store) as store:
        data = export(store, args.format, args.output)
    if data is not None:
        sys.stdout.buffer.write(data)
    return 0


def _dump(args) -> int:
    from graph import opened_store
    from graph.rdf.dump import write_dump

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
    from graph.rdf.store import opened_store

    with opened_store(args.store) as store:
        return _stats(store)


def _stats(store) -> int:
    from graph.rdf.describe import DESCRIPTION_GRAPH
    from graph.rdf.store import graph_counts, plan_graphs, plan_stats

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
