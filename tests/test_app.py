"""The front end: every page driven through its widgets, and the running app in a real browser."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def built_store(tmp_path_factory):
    """The corpus built on disk by the real command, as a user would."""
    path = tmp_path_factory.mktemp("app") / "store"
    result = subprocess.run([sys.executable, "-m", "plankg_cli", "build", "--input", str(ROOT / "data" / "plans"),
                             "--store", str(path)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    return path


@pytest.fixture
def app(built_store, monkeypatch):
    monkeypatch.setenv("PLANKG_STORE", str(built_store))
    monkeypatch.chdir(ROOT)
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def texts(at) -> str:
    parts = [e.value for e in at.title] + [e.value for e in at.subheader] + [e.value for e in at.caption]
    parts += [e.value for e in at.markdown] + [str(e.label) for e in at.expander]
    return "\n".join(str(p) for p in parts)


def test_plans_page(app):
    at = app.run()
    assert not at.exception
    plans = at.selectbox(key="plans_plan")
    wenzhou = next(o for o in plans.options if "温州市残疾人事业发展" in o)
    plans.select(wenzhou).run()
    assert not at.exception
    assert "措施 Measures (40)" in texts(at)
    at.text_input(key="plans_keyword").input("职业技能培训").run()
    shown = texts(at)
    assert "开展残疾人职业技能培训" in shown and "措施 Measures (40)" not in shown
    assert "330300-wenzhou-2021-2025.txt 第 211–221 行" in shown
    section = at.radio(key="plans_section")
    section.set_value(next(o for o in section.options if o.startswith("2.6 "))).run()
    assert not at.exception


def test_indicators_page(app):
    at = app.run()
    at.switch_page("app_pages/indicators.py").run()
    assert not at.exception
    concept = at.selectbox(key="indicators_concept")
    homes = next(o for o in concept.options if o.startswith("残疾人之家覆盖率"))
    concept.select(homes).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert sorted(table["region"]) == sorted(["杭州市", "温州市", "衢州市", "乐清市", "嘉善县"])
    targets = dict(zip(table["region"], table["targetText"]))
    assert targets["温州市"] == "≥90%" and targets["杭州市"] == "≥95%" and targets["嘉善县"] == "100%"


def test_graph_page(app):
    at = app.run()
    at.switch_page("app_pages/network.py").run()
    assert not at.exception
    assert "14 nodes, 13 edges" in texts(at)
    at.selectbox(key="graph_layout").select("breadthfirst").run()
    assert not at.exception


def test_sparql_console(app):
    at = app.run()
    at.switch_page("app_pages/console.py").run()
    assert not at.exception
    at.selectbox(key="console_example").select("indicators").run()
    at.button(key="console_run").click().run()
    assert not at.exception and not at.error
    assert "70 rows" in [s.value for s in at.success][0]
    update = "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }"
    at.text_area(key="console_text_indicators").input(update).run()
    at.button(key="console_run").click().run()
    assert "only SELECT, ASK, CONSTRUCT and DESCRIBE" in at.error[0].value
    at.text_area(key="console_text_indicators").input("SELECT * WHERE {").run()
    at.button(key="console_run").click().run()
    assert "not a valid SPARQL query" in at.error[0].value


def test_trace_page(app):
    at = app.run()
    at.switch_page("app_pages/trace.py").run()
    assert not at.exception
    picker = at.selectbox(key="trace_plan")
    picker.select(next(o for o in picker.options if "乐清市" in o)).run()
    assert not at.exception
    assert "Implemented parent measures (41)" in texts(at)
    link = at.selectbox(key="trace_link")
    link.select(next(o for o in link.options if o.startswith("开展残疾人职业技能培训"))).run()
    assert not at.exception
    assert "200人次 → 2000人次" in at.warning[0].value
    assert "Parent measures not implemented (0)" in texts(at)


def test_missing_store_says_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setenv("PLANKG_STORE", str(tmp_path / "nothing-here"))
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert "No graph to show yet" in at.error[0].value and "plankg build" in at.error[0].value


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def settled(page) -> None:
    """Wait until Streamlit has finished running the page script (its status shows no 'Running')."""
    page.wait_for_function(
        "() => !(document.querySelector(\"[data-testid='stStatusWidget']\")?.innerText || '').includes('Running')",
        timeout=60000)


def choose(page, index: int, text: str) -> None:
    """Pick the option containing ``text`` in the index-th selectbox; retried if a rerun swallowed the click."""
    box = page.locator("[data-testid='stSelectbox']").nth(index)
    for _ in range(5):
        settled(page)
        box.click()
        page.get_by_role("option", name=text, exact=False).first.click()
        settled(page)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if text in box.locator("input").input_value():
                return
            time.sleep(0.2)
        page.keyboard.press("Escape")
    raise AssertionError(f"could not choose {text!r} in selectbox {index}")


def test_app_in_a_real_browser(built_store, tmp_path):
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "headless Chromium is installed by 'make test' (Debian package chromium)"
    port = _free_port()
    env = dict(os.environ, PLANKG_STORE=str(built_store))
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                               "--server.headless", "true", "--server.address", "127.0.0.1",
                               "--server.port", str(port), "--browser.gatherUsageStats", "false"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            deadline = time.monotonic() + 60
            while True:
                try:
                    page.goto(f"http://127.0.0.1:{port}/", timeout=5000)
                    break
                except Exception:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise
                    time.sleep(0.5)
            page.get_by_text("措施 Measures (45)").wait_for(timeout=60000)
            page.get_by_text("党委领导、多元协同").first.wait_for(timeout=30000)
            page.goto(f"http://127.0.0.1:{port}/indicators")
            page.get_by_text("全部指标 All indicator rows").wait_for(timeout=60000)
            page.screenshot(path=str(tmp_path / "indicators.png"))
            assert page.locator("[data-testid='stException']").count() == 0
            # policy staff: pick the county plan, then one of its links, and read the changed number
            page.goto(f"http://127.0.0.1:{port}/trace")
            page.get_by_text("下级规划 Lower-level plan").wait_for(timeout=60000)
            choose(page, 0, "乐清市")
            page.get_by_text("Implemented parent measures (41)").wait_for(timeout=60000)
            choose(page, 1, "开展残疾人职业技能培训")
            page.get_by_text("200人次 → 2000人次", exact=False).wait_for(timeout=60000)
            page.screenshot(path=str(tmp_path / "trace.png"), full_page=True)
            assert page.locator("[data-testid='stException']").count() == 0
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
