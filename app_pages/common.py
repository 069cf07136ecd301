"""Shared pieces of the pages: the graph source, cached query rows, the language switch, deep links."""
from __future__ import annotations

import streamlit as st

from app_pages import i18n
from graph.errors import PlanKGError
from app_pages.data import QueryError, Source


def lang() -> str:
    return st.session_state.get("lang", i18n.DEFAULT)


def t(zh: str, en: str) -> str:
    """Interface text in the chosen language."""
    return i18n.pick(lang(), zh, en)


def wkey(name: str) -> str:
    """A widget key per interface language, for widgets whose option labels are translated (Streamlit
    keeps a choice as its label, so a label in the other language would not be found after a switch)."""
    key = name if lang() == i18n.DEFAULT else f"{name}_{lang()}"
    if key not in st.session_state:          # carry the choice over from the other language
        for other in [name] + [f"{name}_{code}" for code in i18n.LANGUAGES]:
            if other != key and other in st.session_state:
                st.session_state[key] = st.session_state[other]
                break
    return key


def source() -> Source:
    return Source.from_environment()


@st.cache_data(show_spinner=False, ttl=600)
def _rows(src: Source, name: str, params: tuple) -> list[dict]:
    return src.rows(name, **dict(params))


def query(name: str, **params) -> list[dict]:
    """Catalogue query rows, cached by source, query name and parameters; a failure stops the page readably."""
    try:
        return _rows(source(), name, tuple(sorted((k, v) for k, v in params.items() if v not in (None, ""))))
    except QueryError as exc:
        st.error(t(f"查询 {name} 失败：{exc}", f"Query {name} failed: {exc}"))
        st.stop()


def require_store() -> Source:
    """The source, or a clear message and a stop when there is no graph to read."""
    src = source()
    try:
        src.check()
    except (OSError, PlanKGError) as exc:          # QueryError and StoreError are PlanKGErrors
        if src.endpoint:
            st.error(t(f"无法读取 SPARQL 端点：{exc}", f"Cannot read the SPARQL endpoint: {exc}"))
        else:
            st.error(t(f"还没有可显示的图谱：{exc}", f"No graph to show yet: {exc}"))
            st.code("make run        # or: .venv/bin/plankg build", language="sh")
        st.stop()
    return src


@st.cache_resource(show_spinner=False, ttl=600)
def _labels(src: Source) -> dict[str, dict]:
    # a shared dict, not a copy: vocab() is called once per table cell, and st.cache_data would unpickle
    # the whole vocabulary on every call (a minute per render of the indicators page at 1,000 plans)
    return {r["term"]: r for r in src.rows("vocabulary_labels")}


def vocab(iri: str | None) -> str:
    """A vocabulary term's label in the interface language (its local name when it has none)."""
    if not iri:
        return ""
    row = _labels(source()).get(iri)
    if row:
        return i18n.label(row, lang())
    if iri in i18n.EXTERNAL:
        return i18n.pick(lang(), *i18n.EXTERNAL[iri])
    return i18n.local_name(iri)


def vocab_or(iri: str, fallback: str) -> str:
    """A vocabulary term's label in the interface language, or ``fallback`` for a node outside the vocabulary."""
    return vocab(iri) if iri in _labels(source()) else fallback


def scope_provinces(codes: dict[str, str]) -> list[str]:
    """The provinces (two-digit codes) the plans lie in; region_scope offers a choice when there are two
    or more."""
    from app_pages import geo

    names = {r["code"][:2] for r in geo.regions("province")}
    return sorted({code[:2] for code in codes.values()} & names)     # the nation is none of them


def region_scope(key: str) -> tuple[str, dict[str, str]]:
    """A region-code prefix chosen when the plans span several provinces: ``""`` (all regions), a
    province (two digits) or, when its plans span several prefectures, one of them (four digits);
    and each plan's region code.

    At national scale a column, a bar or a node per plan is thousands; the pages that show one narrow
    to a province or a prefecture first (``tables.in_scope``)."""
    from app_pages import geo

    codes = {p["plan"]: p.get("regionCode") or "" for p in query("plans")}
    names = {r["code"][:2]: r["name"] for r in geo.regions("province")}
    provinces = scope_provinces(codes)
    if len(provinces) < 2:
        return "", codes
    scope = st.selectbox(t("地区范围", "Regions"), [""] + provinces, key=wkey(key),
                         format_func=lambda p: names.get(p, p) if p else t("全部地区", "All regions"))
    if not scope:
        return scope, codes
    cities = {r["code"][:4]: r["name"] for r in geo.regions("prefecture", within=scope + "0000")}
    prefectures = sorted({code[:4] for code in codes.values() if code.startswith(scope)} & set(cities))
    if len(prefectures) < 2:
        return scope, codes
    city = st.selectbox(t("地市", "Prefecture"), [""] + prefectures, key=wkey(f"{key}_prefecture"),
                        format_func=lambda c: cities.get(c, c) if c else t("全省", "Whole province"))
    return city or scope, codes


def plan_label(row: dict) -> str:
    draft = t("（征求意见稿）", " (draft)") if row.get("draft") else ""
    region = row.get("region") or t("（地区未识别）", "(region not recognised)")
    return f"{region} · {row['title']}{draft}"


def find_plan(plans: list[dict], wanted: str) -> dict | None:
    """A plan by IRI, region code or region name (deep links accept any of the three)."""
    wanted = wanted.strip()
    return next((p for p in plans if wanted in (p["plan"], p.get("regionCode"), p.get("region"))), None)


def deep_link(param: str) -> str | None:
    value = st.query_params.get(param)
    return value.strip() if isinstance(value, str) and value.strip() else None


def unknown(param: str, value: str, hint_zh: str, hint_en: str) -> None:
    st.error(t(f"链接参数 {param}={value!r} 不存在：{hint_zh}", f"Link parameter {param}={value!r} is unknown: {hint_en}"))


def plan_picker(key: str, label: str | None = None) -> dict:
    """A plan chosen in a selectbox; ``?plan=`` (IRI, region code or name) preselects it."""
    require_store()
    plans = query("plans")
    if not plans:
        st.warning(t("图谱中没有规划。", "The graph holds no plans."))
        st.stop()
    labels = {plan_label(p): p for p in plans}
    wanted = deep_link("plan")
    if wanted and key not in st.session_state:
        found = find_plan(plans, wanted)
        if found:
            st.session_state[key] = plan_label(found)
        else:
            unknown("plan", wanted, "请给出规划 IRI、地区代码或地区名称。",
                    "give a plan IRI, a region code or a region name.")
    if st.session_state.get(key) not in labels:
        st.session_state.pop(key, None)
    choice = st.selectbox(label or t("规划", "Plan"), list(labels), key=key)
    plan = labels[choice]
    st.query_params["plan"] = plan.get("regionCode") or plan["plan"]
    return plan


def chart_event(result) -> str | None:
    """The value a chart's click handler returned (streamlit-echarts puts it under ``chart_event``)."""
    value = result.get("chart_event") if hasattr(result, "get") else result
    return value if isinstance(value, str) and value else None


def download_name(*parts: str) -> str:
    return "-".join(p for p in parts if p).replace("/", "_")


def sidebar() -> None:
    with st.sidebar:
        st.radio("语言 Language", list(i18n.LANGUAGES), format_func=i18n.LANGUAGES.get, key="lang", horizontal=True)
        st.caption(t("数据来源：", "Reading: ") + f"`{source().description}`")
