"""Render time of every page of the front end in headless Chromium, and the app server's memory, at seed scale.

Builds the corpus into a temporary store, serves the app on 127.0.0.1, opens each page several times
(a fresh browser page each time; the first, cold visit is reported apart from the warm median) and
reads the server's resident memory from /proc. Writes the "## App pages" section of bench/RESULTS.md.
Run: .venv/bin/python bench/app.py [--repeat N]
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from results import machine, write_section  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
# page path, text that shows the page has drawn its content
PAGES = [
    ("/", "编制依据层级"), ("/map", "个有数据"), ("/plans", "目录"), ("/indicators", "单项指标"),
    ("/trace?measure=https://w3id.org/plankg/id/plan/330382-2021-2025-disability/measure/2.2-m5", "关联措施"),
    ("/institutions", "机构词表"), ("/graph?node=乐清", "个节点"), ("/sparql", "运行"),
]
RUNNING = "() => !document.querySelector(\"[data-testid='stStatusWidgetRunningIcon']\")"


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB (Linux /proc)."""
    total, pids = 0, [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        status = Path(f"/proc/{p}/status")
        if status.exists():
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(store: Path) -> None:
    from graph.pipeline import build_corpus
    from graph.rdf import open_store

    on_disk = open_store(store)
    build_corpus(ROOT / "data" / "plans", on_disk)
    on_disk.flush()
    del on_disk


def render_seconds(page, url: str, text: str) -> float:
    started = time.perf_counter()
    page.goto(url)
    page.get_by_text(text, exact=False).first.wait_for(timeout=120000)
    page.wait_for_function(RUNNING, timeout=120000)
    return time.perf_counter() - started


def measure(repeat: int) -> str:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        build(store)
        port = free_port()
        env = dict(os.environ, PLANKG_STORE=str(store))
        env.pop("PLANKG_ENDPOINT", None)
        server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                                   "--server.headless", "true", "--server.address", "127.0.0.1",
                                   "--server.port", str(port), "--browser.gatherUsageStats", "false"],
                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        rows = []
        try:
            idle = None
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                            args=["--no-sandbox", "--disable-gpu"])
                for _ in range(60):
                    try:
                        page = browser.new_page()
                        page.goto(base + "/_stcore/health", timeout=2000)
                        page.close()
                        break
                    except Exception:
                        time.sleep(0.5)
                idle = rss_mb(server.pid)
                for path, text in PAGES:
                    times = []
                    for _ in range(repeat + 1):
                        page = browser.new_page(viewport={"width": 1400, "height": 1000})
                        times.append(render_seconds(page, base + path, text))
                        page.close()
                    rows.append((path.split("?")[0], times[0], statistics.median(times[1:]), rss_mb(server.pid)))
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)
    lines = [f"Seed scale: the five plans. {machine()}; headless Chromium, {repeat} warm visits per page "
             "after one cold visit (a new browser tab each time, so the page script runs in full).",
             f"Load average while measuring: {os.getloadavg()[0]:.1f} (browser time dominates: the page scripts "
             "themselves run in well under a second once the query results are cached).",
             "", f"App server memory before any page: {idle:.0f} MB (resident, server and children).", "",
             "| page | cold (s) | warm median (s) | server memory after (MB) |", "|---|---:|---:|---:|"]
    lines += [f"| `{path}` | {cold:.2f} | {warm:.2f} | {mem:.0f} |" for path, cold, warm, mem in rows]
    lines += ["", "At N = 1,000 plans: not measured yet. The synthetic corpus exists (`bench/generate.py 1000`); this "
              "script builds only the five plans, and a 1,000-plan build with its links-graph validation is about "
              "15 minutes here."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    body = measure(parser.parse_args().repeat)
    write_section("App pages", body)
    print(body)


if __name__ == "__main__":
    main()
