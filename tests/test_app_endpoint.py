"""With PLANKG_ENDPOINT the app reads a live SPARQL 1.1 endpoint (Oxigraph on 127.0.0.1): same pages, same results."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.query.endpoint import Server

ROOT = Path(__file__).resolve().parent.parent
YUEQING = "https://w3id.org/plankg/id/plan/330382-2021-2025-disability"


@pytest.fixture(scope="module")
def endpoint(store_dir):
    with Server(store_dir, read_only=True) as live:
        yield live.query_url


def run_pages(monkeypatch, **env) -> dict:
    """What the overview, indicators, trace and institutions pages show, read from the store or the endpoint."""
    for key in ("PLANKG_STORE", "PLANKG_ENDPOINT"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(ROOT)
    seen = {}
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception, [e.message for e in at.exception]
    seen["metrics"] = {m.label: m.value for m in at.metric}
    seen["source"] = at.sidebar.caption[0].value
    at.switch_page("app_pages/indicators.py").run()
    seen["matrix"] = at.dataframe[0].value.fillna("").to_dict("records")
    at.switch_page("app_pages/trace.py").run()
    at.text_input(key="trace_search").input("职业技能培训").run()
    at.selectbox(key="trace_measure").set_value(YUEQING + "/measure/2.2-m5").run()
    seen["chain"] = at.dataframe[0].value.fillna("").to_dict("records")   # NaN != NaN: empty cells as ""
    at.switch_page("app_pages/institutions.py").run()
    seen["institutions"] = at.dataframe[0].value.to_dict("records")
    at.switch_page("app_pages/plans.py")
    at.query_params["plan"] = "330382"
    at.run()
    seen["plan"] = {m.label: m.value for m in at.metric}
    assert not at.exception, [e.message for e in at.exception]
    return seen


def test_the_app_reads_an_endpoint_with_the_same_results(store_dir, endpoint, monkeypatch):
    local = run_pages(monkeypatch, PLANKG_STORE=str(store_dir))
    remote = run_pages(monkeypatch, PLANKG_ENDPOINT=endpoint)
    assert endpoint in remote["source"] and str(store_dir) in local["source"]
    assert remote["metrics"]["规划"] == "5" and remote["metrics"]["措施"] == "273"
    assert remote["chain"][0]["数字变化"] == "200人次 → 2000人次"
    assert remote["plan"]["措施"] == "41"
    for key in ("metrics", "matrix", "chain", "institutions", "plan"):
        assert remote[key] == local[key], key


def test_an_endpoint_that_does_not_answer_is_a_readable_message(monkeypatch):
    from graph.query.endpoint import free_port

    monkeypatch.setenv("PLANKG_ENDPOINT", f"http://127.0.0.1:{free_port()}/query")
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert "无法读取 SPARQL 端点" in at.error[0].value
