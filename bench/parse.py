"""Parsing throughput: the corpus texts (plans per second, MB/s) and the PDF, DOCX and HTML fixtures, medians."""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from loaders import parse  # noqa: E402
from results import machine, write_section  # noqa: E402

RUNS = 15
FORMATS = ROOT / "tests" / "data" / "formats"


def median_seconds(path: Path, runs: int = RUNS) -> float:
    parse(path)                          # warm-up: the format's reader imported
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        parse(path)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def formats_section() -> str:
    """Per format: the fixture plans' median parse time, and plans per second at that pace."""
    rows = []
    for suffix in ("pdf", "docx", "html"):
        for path in sorted(FORMATS.rglob(f"*.{suffix}")):
            seconds = median_seconds(path)
            rows.append(f"| {suffix.upper()} | `{path.relative_to(FORMATS)}` | {path.stat().st_size / 1024:.0f} KB "
                        f"| {seconds * 1000:.1f} ms | {1 / seconds:.1f} |")
    table = "\n".join(rows)
    return f"""Machine: {machine()}. `bench/parse.py`, median of {RUNS} parses of each fixture of `tests/data/formats/`
(a one- to three-page plan each) after one warm-up parse, one core. PDF pages are read with pdfplumber, Word files
with python-docx, web pages with lxml.

| format | file | size | median parse time | plans per second |
|---|---|---|---|---|
{table}"""


def main() -> None:
    plans = sorted((ROOT / "data" / "plans").glob("*.txt"))
    size = sum(p.stat().st_size for p in plans)
    for p in plans:                      # start-up: imports, vocabularies, region table
        parse(p)
    per_plan = {p.name: [] for p in plans}
    totals = []
    for _ in range(RUNS):
        start = time.perf_counter()
        for p in plans:
            t0 = time.perf_counter()
            parse(p)
            per_plan[p.name].append(time.perf_counter() - t0)
        totals.append(time.perf_counter() - start)
    total = statistics.median(totals)
    rows = "\n".join(
        f"| `{name}` | {(ROOT / 'data' / 'plans' / name).stat().st_size / 1024:.0f} KB | {statistics.median(t) * 1000:.1f} ms |"
        for name, t in per_plan.items())
    body = f"""Machine: {machine()}. `bench/parse.py`, {RUNS} runs over the {len(plans)} plans of `data/plans/` after one warm-up
pass (imports, vocabularies and the administrative-division table loaded), one core.

| measure | median |
|---|---|
| corpus parse time | {total * 1000:.0f} ms |
| plans per second | {len(plans) / total:.1f} |
| MB per second | {size / 1048576 / total:.2f} |

Goal: at least 20 plans per second on one core after start-up.

| plan | size | median parse time |
|---|---|---|
{rows}"""
    write_section("Parsing", body)
    print(body)
    formats = formats_section()
    write_section("Parsing PDF, DOCX and HTML", formats)
    print(formats)


if __name__ == "__main__":
    main()
