"""The pages that show a column or a bar per plan narrow to a province when the plans span several:
on a synthetic corpus of plans in several provinces (bench/generate.py), built by `plankg build`."""
from __future__ import annotations

import sys

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from plankg_cli import main

sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    """Twenty plans under the nation in two provinces (seed 7), built into an on-disk store, and its plans."""
    root = tmp_path_factory.mktemp("national")
    generate.generate(20, root / "corpus", seed=7, templates=generate.load_templates())
    assert main(["build", "--input", str(root / "corpus"), "--store", str(root / "store")]) == 0
    from graph.query import run_query

    plans = run_query("plans", store=str(root / "store")).records()
    return root / "store", plans


@pytest.fixture
def app(national, monkeypatch):
    monkeypatch.setenv("PLANKG_STORE", str(national[0]))
    monkeypatch.delenv("PLANKG_ENDPOINT", raising=False)
    monkeypatch.chdir(ROOT)
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)


def _open(at, page):
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _provinces(plans):
    return sorted({p["regionCode"][:2] for p in plans if p.get("level") != "national"})


def test_the_institutions_page_narrows_to_a_province(app, national):
    _, plans = national
    provinces = _provinces(plans)
    assert len(provinces) >= 2
    at = _open(app, "institutions")
    scope = at.selectbox(key="institutions_scope")
    assert scope.value == "" and scope.options[0] == "全部地区" and len(scope.options) == len(provinces) + 1
    wide = at.dataframe[0].value
    assert set(wide.columns) >= {"name", "total"} and len(wide.columns) == 2 + len({p["plan"] for p in plans})
    province = provinces[0]
    scope.set_value(province).run()
    narrow = at.dataframe[0].value
    inside = {p["region"] for p in plans if p["regionCode"].startswith(province)}
    assert set(narrow.columns) - {"name", "total"} <= inside and len(narrow) < len(wide)


def test_the_indicators_page_narrows_its_matrix_and_chart(app, national):
    _, plans = national
    province = _provinces(plans)[0]
    at = _open(app, "indicators")
    whole = at.dataframe[0].value
    at.selectbox(key="indicators_scope").set_value(province).run()
    assert not at.exception
    matrix, compared = at.dataframe[0].value, at.dataframe[2].value
    inside = {p["region"] for p in plans if p["regionCode"].startswith(province)}
    assert set(matrix.columns) - {"indicator"} <= inside < set(whole.columns)
    assert len(compared) > 0 and all(code.startswith(province) for code in compared["regionCode"])


def test_one_indicator_over_many_regions_is_charted_as_a_distribution(app, monkeypatch):
    from app_pages import tables

    at = _open(app, "indicators")
    assert not any("数值分布" in c.value for c in at.caption)        # 20 plans: a bar per region
    monkeypatch.setattr(tables, "CHART_MAX_REGIONS", 5)
    at = _open(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120), "indicators")
    spread = [c.value for c in at.caption if "数值分布" in c.value]
    assert len(spread) == 1 and spread[0].startswith("20 个地区")


def test_the_overview_draws_the_top_of_the_hierarchy_or_one_province(app, national, monkeypatch):
    import re

    from app_pages import overview_data

    _, plans = national

    def drawn(at) -> int:
        caption = next(c.value for c in at.caption if "派生关系" in c.value)
        return int(re.match(r"(\d+) 个节点", caption).group(1))

    at = _open(app, "overview")
    everything = drawn(at)
    assert everything > len(plans)                         # the plans and the documents they cite
    monkeypatch.setattr(overview_data, "DIAGRAM_MAX_PLANS", 5)
    at = _open(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120), "overview")
    assert any("只画国家级和省级规划" in c.value for c in at.caption)
    top = drawn(at)
    assert top < everything
    province = _provinces(plans)[0]
    at.selectbox(key="overview_scope").set_value(province).run()
    assert not any("只画国家级和省级规划" in c.value for c in at.caption)
    assert any("只画到地市级" in c.value for c in at.caption)
    in_province = drawn(at)
    assert in_province < everything
    # then one prefecture: its plans and their counties, down to the last level
    prefecture = sorted({p["regionCode"][:4] for p in plans
                         if p["regionCode"].startswith(province) and overview_data.code_depth(p["regionCode"]) == 3})[0]
    at.selectbox(key="overview_scope_prefecture").set_value(prefecture).run()
    assert not any("只画" in c.value for c in at.caption)
    counties = sum(p["regionCode"].startswith(prefecture) for p in plans)
    assert counties <= drawn(at) < in_province + counties


def test_at_national_scale_the_indicators_page_reads_one_province_at_a_time(app, national, monkeypatch):
    # past LISTING_MAX_PLANS plans, "all regions" shows how many plans set each concept (no whole-corpus
    # listing read), and a province its matrix from the indicators of that province alone
    from app_pages import tables
    from graph.query import run_query

    store, plans = national
    monkeypatch.setattr(tables, "LISTING_MAX_PLANS", 5)
    at = _open(app, "indicators")
    summary = at.dataframe[0].value
    concepts = {c["concept"]: c["plans"] for c in run_query("indicator_concepts", store=str(store)).records()
                if c["plans"]}
    assert list(summary.columns) == ["indicator", "notation", "unit", "plans"]
    assert sorted(summary["plans"], reverse=True) == list(summary["plans"]) == sorted(concepts.values(), reverse=True)
    assert any("请选择一个省" in c.value for c in at.caption) and not any("标记" in c.value for c in at.caption)
    province = _provinces(plans)[0]
    at.selectbox(key="indicators_scope").set_value(province).run()
    assert not at.exception
    matrix = at.dataframe[0].value
    rows = run_query("indicators", {"within": province}, store=str(store)).records()
    assert rows and all(r["plan"] in {p["plan"] for p in plans if p["regionCode"].startswith(province)} for r in rows)
    assert set(matrix.columns) - {"indicator"} == {r["region"] for r in rows if r.get("concept")}
    assert any("标记" in c.value for c in at.caption)
