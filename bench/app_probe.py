"""Render every page of the app with Streamlit's AppTest on a given store; print milliseconds and peak memory as JSON.

Run by bench/run.py in its own process, so the memory figure is the app's alone:
.venv/bin/python bench/app_probe.py STORE [--runs 3]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("app_pages/overview.py", "app_pages/map.py", "app_pages/plans.py", "app_pages/indicators.py",
         "app_pages/trace.py", "app_pages/institutions.py", "app_pages/explorer.py", "app_pages/console.py")


def render(page: str) -> float:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
    started = time.perf_counter()
    app.run()
    if page != PAGES[0]:
        started = time.perf_counter()
        app.switch_page(page).run()
    seconds = time.perf_counter() - started
    if app.exception:
        raise RuntimeError(f"{page}: {app.exception[0].value}")
    return seconds * 1000


def peak_mb(pid: int) -> float:
    """VmHWM of a process: the peak resident set of its current program."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.store.is_dir():
        print(f"app_probe: {args.store}: no store folder", file=sys.stderr)
        return 2
    os.environ["PLANKG_STORE"] = str(args.store)
    os.chdir(ROOT)
    out = {}
    for page in PAGES:
        first = render(page)                      # cold: the page's queries not yet cached
        warm = [render(page) for _ in range(args.runs)]
        out[Path(page).stem] = {"first_ms": round(first, 1), "median_ms": round(statistics.median(warm), 1)}
    # peak resident memory of this process's own address space (getrusage would report the parent's
    # peak too: Linux carries ru_maxrss over fork and exec), and of the query workers holding the store
    from graph.query.pool import close_all, pools
    out["peak_rss_mb"] = peak_mb(os.getpid())
    out["worker_peak_rss_mb"] = round(sum(peak_mb(pid) for pool in pools() for pid in pool.pids()), 1)
    close_all()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
