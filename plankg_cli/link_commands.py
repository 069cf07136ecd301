"""``plankg link`` and ``plankg trace``: cross-plan links in a built store, and one measure traced through them."""
from __future__ import annotations

import sys
import textwrap

from plankg_cli._options import add_store

ARROWS = {"up": "↑", "self": "●", "down": "↓", "sibling": "↔", "family": "≈"}
MAX_TRACED = 10


def register(subparsers) -> None:
    p = subparsers.add_parser("link", help="link the plans of a built store: derivation, implements, families, cascade")
    add_store(p)
    p.set_defaults(func=cmd_link)

    p = subparsers.add_parser("trace", help="trace a measure up and down the plan hierarchy, with each measure's text")
    p.add_argument("query", help="a measure IRI, or words of its heading (all must occur)")
    add_store(p)
    p.add_argument("--width", type=int, default=100, help="wrap measure texts at this width (0: no wrapping)")
    p.set_defaults(func=cmd_trace)


def print_link_report(report) -> None:
    counts = report.counts()
    print("links: " + ", ".join(f"{n} {name}" for name, n in counts.items()) + f" ({report.seconds:.2f}s)")


def run_link(store) -> int:
    """Link, validate the links graph, print both; 1 when the links graph has violations."""
    from graph.config import settings
    from graph.link import DerivationCycleError, link_store
    from graph.rdf import validate_links

    try:
        report = link_store(store, jobs=settings().jobs)
    except DerivationCycleError as problem:
        print(f"plankg link: {problem}", file=sys.stderr)
        return 1
    print_link_report(report)
    checked = validate_links(store, jobs=settings().jobs)
    print(f"links graph: {'conforms' if checked.conforms else f'{len(checked.violations)} violations'}")
    for row in checked.rows:
        print(f"  {row}")
    return 0 if checked.conforms else 1


def cmd_link(args) -> int:
    from plankg_cli.graph_commands import reading

    with reading(args.store, write=True) as (store, _):
        code = run_link(store)
        _redescribe(store)
        return code


def _redescribe(store) -> None:
    """The dataset description counts the links graph too: refresh it when the store has one."""
    from graph.config import settings
    from graph.rdf.describe import DESCRIPTION_GRAPH, write_description

    if any(g.value == DESCRIPTION_GRAPH for g in store.named_graphs() if hasattr(g, "value")):
        print(f"dataset description (VoID, DCAT): {write_description(store, threads=settings().jobs)} triples")


def cmd_trace(args) -> int:
    from graph.query.trace import find_measures, trace
    from graph.rdf.folder import open_existing

    store, state = open_existing(args.store)
    if state.warning():
        print(f"plankg: warning: {state.warning()}", file=sys.stderr)
    found = find_measures(store, args.query)
    if not found:
        print(f"plankg trace: no measure matches {args.query!r}", file=sys.stderr)
        return 1
    if len(found) > 1:
        print(f"{len(found)} measures match {args.query!r}" + (f"; the first {MAX_TRACED}" if len(found) > MAX_TRACED else ""))
    for measure in found[:MAX_TRACED]:
        _print_trace(trace(store, measure), args.width)
    return 0


def _print_trace(rows, width: int) -> None:
    print()
    for row in rows:
        head = f"{ARROWS[row.direction]} {row.direction} {row.depth}  {row.region or ''}  {row.heading}  <{row.measure}>"
        print(head)
        if row.score is not None:
            strength = f" {row.strength}" if row.strength else ""
            topics = f"; shared topics: {', '.join(row.topics)}" if row.topics else ""
            changed = f"; changed numbers: {', '.join(row.changed_numbers)}" if row.changed_numbers else ""
            print(f"    score {row.score:.3f}{strength} ({row.method}){topics}{changed}")
        text = row.text if width <= 0 else "\n".join(textwrap.wrap(row.text, width))
        print(textwrap.indent(text, "    "))
