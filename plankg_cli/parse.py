"""``plankg parse``: read plan texts into records and print them (JSON) or a summary per plan."""
from __future__ import annotations

import json
import sys
from pathlib import Path


def register(subparsers) -> None:
    p = subparsers.add_parser("parse", help="read plan texts into records",
                              description="Parse one plan file (print its record) or a folder (print a summary per plan).")
    p.add_argument("path", help="a plan text file, or a folder of them (*.txt)")
    p.add_argument("--json", action="store_true", help="print the full record as JSON (one file)")
    p.set_defaults(func=run)


def run(args) -> int:
    from loaders import PLAN_SUFFIXES, PlanKGError, PlanParseError, parse, parse_dir, plan_files

    path = Path(args.path)
    if path.is_dir():
        if not plan_files(path):
            raise PlanKGError(f"no plan files ({', '.join('*' + s for s in PLAN_SUFFIXES)}, any case) "
                              "in it or its subfolders", str(path))
        if args.json:
            records = []
        failures = []
        for file, result in parse_dir(path):
            if isinstance(result, PlanParseError):
                failures.append(str(result))
                continue
            if args.json:
                records.append(result.to_dict())
            else:
                print(summary_line(result))
        if args.json:
            json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
            print()
        if failures:
            print(f"\n{len(failures)} file(s) could not be read:", file=sys.stderr)
            for failure in failures:
                print(f"  {failure}", file=sys.stderr)
            return 1
        return 0
    try:
        record = parse(path)
    except PlanParseError as exc:
        print(f"plankg parse: {exc}", file=sys.stderr)
        return 1
    if args.json:
        json.dump(record.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(summary_line(record))
    return 0


def summary_line(record) -> str:
    s = record.summary()
    region = f"{record.region.name} {record.region.code}" if record.region else "region ?"
    period = f"{record.period_start}-{record.period_end}" if record.period_start else "period ?"
    flags = " draft" if record.draft else ""
    return (f"{record.file}: {record.title} [{region}, {period}{flags}] "
            f"sections={s['sections']} measures={s['measures']} indicators={s['indicators']} "
            f"tables={s['tables']} basis={s['basis']} institutions={s['institutions']}")
