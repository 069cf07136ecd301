"""``plankg query``, ``sparql``, ``serve`` and ``publish``: the catalogue, ad-hoc SPARQL and the endpoint."""
from __future__ import annotations

import csv
import io
import json
import sys
import unicodedata
from pathlib import Path

from plankg_cli._options import add_endpoint, add_port, add_store, add_timeout

FORMATS = ("table", "csv", "tsv", "json")
CELL_WIDTH = 60


def register(subparsers) -> None:
    query = subparsers.add_parser("query", help="run a query of the catalogue (queries/*.rq)")
    query.add_argument("name", nargs="?", help="query name, e.g. indicators")
    query.add_argument("-p", "--param", action="append", default=[], metavar="KEY=VALUE",
                       help="a parameter value; repeat for several")
    query.add_argument("--list", action="store_true", help="list the catalogue instead")
    _add_source_options(query)
    query.set_defaults(func=cmd_query)

    sparql = subparsers.add_parser("sparql", help="run an ad-hoc read-only SPARQL query")
    sparql.add_argument("file", help="a .rq file, or - for standard input")
    _add_source_options(sparql)
    sparql.set_defaults(func=cmd_sparql)

    serve = subparsers.add_parser("serve", help="serve the store read-only as a SPARQL endpoint on 127.0.0.1")
    add_store(serve)
    add_port(serve)
    add_timeout(serve, "serve_timeout")
    serve.set_defaults(func=cmd_serve)

    publish = subparsers.add_parser(
        "publish", help="send every named graph to a SPARQL 1.1 Graph Store Protocol endpoint")
    publish.add_argument("--endpoint", required=True,
                         help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store")
    add_store(publish)
    publish.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for each request (default 30)")
    publish.set_defaults(func=cmd_publish)


def _add_source_options(parser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="table")
    add_endpoint(parser)
    add_store(parser)
    add_timeout(parser)


def _fail(message: str, code: int = 1) -> int:
    print(f"plankg: error: {message}", file=sys.stderr)
    return code


def _store(path: Path) -> str:
    """The folder of a built store, checked (never created); queries open it read-only in workers."""
    from graph.rdf.folder import check_store

    state = check_store(path)
    if state.warning():
        print(f"plankg: warning: {state.warning()}", file=sys.stderr)
    return str(path)


def _run(text_or_query, args, params=None):
    from graph.query import execute as queries
    if not args.timeout > 0:
        raise queries.ParameterError("must be a positive number of seconds", f"--timeout {args.timeout:g}")
    source = {"endpoint": queries.check_endpoint(args.endpoint)} if args.endpoint else {"store": _store(args.store)}
    if isinstance(text_or_query, str):
        return queries.run_sparql(text_or_query, timeout=args.timeout, **source)
    return queries.run_query(text_or_query, params, timeout=args.timeout, **source)


def parse_params(items) -> dict:
    """``-p key=value`` options as a dict; a key given twice or an item without ``=`` is an error."""
    from graph.query.errors import ParameterError
    params = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ParameterError(f"expected KEY=VALUE, got {item!r}", "-p")
        if key in params:
            raise ParameterError(f"given twice ({params[key]!r} and {value!r}); give it once", f"-p {key}")
        params[key] = value
    return params


def _with_what(problem, what: str):
    """Name what failed (the query or file) when the error does not say it already."""
    if getattr(problem, "what", "") is None:
        problem.what = what
        problem.args = (f"{what} — {problem.why}",)
    return problem


def cmd_query(args) -> int:
    from graph.query import execute as queries
    if args.list:
        _print_list(queries.catalogue(), args.format)
        return 0
    if not args.name:
        return _fail("give a query name, or --list", 2)
    params = parse_params(args.param)
    query = queries.get_query(args.name)
    try:
        result = _run(query, args, params)
    except queries.QueryError as problem:
        raise _with_what(problem, f"query {args.name}") from None
    _print_result(result, args.format, query.prefixes)
    return 0


def cmd_sparql(args) -> int:
    from graph.query import execute as queries
    where = "standard input" if args.file == "-" else args.file
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except UnicodeDecodeError as problem:
        raise queries.QueryError(f"not UTF-8 text ({problem.reason} at byte {problem.start})", where) from None
    except IsADirectoryError:
        raise queries.QueryError("is a folder, not a query file", where) from None
    try:
        result = _run(text, args)
    except queries.QueryError as problem:
        raise _with_what(problem, where) from None
    _print_result(result, args.format, {})
    return 0


def cmd_serve(args) -> int:
    from graph.serve.server import serve
    return serve(args.store, args.port, timeout=args.timeout)


def cmd_publish(args) -> int:
    from graph.query.endpoint import publish
    from graph.query.execute import check_endpoint
    from graph.rdf.folder import open_existing
    check_endpoint(args.endpoint)
    store, _ = open_existing(args.store)
    for item in publish(store, args.endpoint, timeout=args.timeout):
        print(f"{item.graph}\t{item.triples} triples\tHTTP {item.status}")
    return 0


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------

def _print_list(catalogue, fmt: str) -> None:
    entries = [q.to_dict() for q in catalogue.values()]
    if fmt == "json":
        json.dump(entries, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    rows = [[e["name"], ", ".join(p["name"] for p in e["parameters"]), e["summary"], e["summary_zh"]]
            for e in entries]
    _write_rows(["name", "parameters", "summary", "summary_zh"], rows, fmt)


def _cell(term, prefixes, compact: bool) -> str:
    from graph.query.execute import to_python
    value = to_python(term)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if compact and term is not None and type(term).__name__ == "NamedNode":
        for prefix, namespace in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
            if namespace and text.startswith(namespace):
                return f"{prefix}:{text[len(namespace):]}"
    return text


def _print_result(result, fmt: str, prefixes) -> None:
    if result.form == "ASK":
        print(json.dumps(result.boolean) if fmt == "json" else str(result.boolean).lower())
        return
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        for triple in result.triples:
            print(f"{triple} .")
        return
    if fmt == "json":
        json.dump(result.records(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    rows = [[_cell(t, prefixes, fmt == "table") for t in row] for row in result.rows]
    _write_rows(result.columns, rows, fmt)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if _width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        used += _width(ch)
        if used > limit - 1:
            break
        out.append(ch)
    return "".join(out) + "…"


def _write_rows(columns, rows, fmt: str) -> None:
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        sys.stdout.write(buffer.getvalue())
        return
    clipped = [[_clip(c, CELL_WIDTH) for c in row] for row in rows]
    widths = [max([_width(col)] + [_width(r[i]) for r in clipped]) for i, col in enumerate(columns)]

    def line(cells):
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()

    print(line(columns))
    print(line(["-" * w for w in widths]))
    for row in clipped:
        print(line(row))
    print(f"({len(rows)} row{'' if len(rows) == 1 else 's'})", file=sys.stderr)
