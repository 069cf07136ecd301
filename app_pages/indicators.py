"""Indicators: every concept across every region at once, cascade flags, one concept's chart, CSV."""
import altair as alt
import streamlit as st

from app_pages import tables
from app_pages.common import (wkey, deep_link, query, region_scope, require_store, scope_provinces, t, unknown,
                               vocab)

st.title(t("指标", "Indicators"))
require_store()
scope, codes = region_scope("indicators_scope")
concepts = sorted([c for c in query("indicator_concepts") if (c.get("plans") or 0) > 0],
                  key=lambda c: (-(c.get("plans") or 0), c["labelZh"]))
several = len(scope_provinces(codes)) > 1                              # a province can be chosen
if scope or len(codes) <= tables.LISTING_MAX_PLANS or not several:
    # the rows of the region chosen, narrowed by the queries themselves (within: a region-code prefix)
    rows = query("indicators", within=scope)
    findings = query("weaker_targets", within=scope)
    attributes = {"约束性": t("约束性", "binding"), "预期性": t("预期性", "expected")}
    regions, matrix = tables.indicator_matrix(rows, findings, vocab, attributes)
    st.subheader(t("指标 × 地区（基期值 → 目标值，属性）", "Indicator × region (baseline → target, attribute)"))
    st.dataframe(matrix, hide_index=True, width="stretch", key="indicators_matrix",
                 column_config={"indicator": st.column_config.TextColumn(t("指标", "indicator"), pinned=True)})
    st.caption(t("标记：↓ 弱于上级规划；∅ 上级有而本级缺；✓ 基期已达到目标；▽ 同级规划中最弱。",
                 "Flags: ↓ weaker than the parent plan; ∅ parent has it, this plan lacks it; ✓ reached at baseline; "
                 "▽ weakest among sibling plans."))
    c1, c2 = st.columns(2)
    c1.download_button(t("矩阵 CSV", "Matrix CSV"), tables.csv_bytes(matrix), file_name="indicator-matrix.csv",
                       mime="text/csv", key="indicators_matrix_csv")
    c2.download_button(t("全部指标 CSV", "All indicator rows CSV"), tables.csv_bytes(rows), file_name="indicators.csv",
                       mime="text/csv", key="indicators_rows_csv")
    with st.expander(t(f"指标传导问题（{len(findings)}）", f"Indicator cascade findings ({len(findings)})")):
        st.dataframe([{t("地区", "region"): f["region"], t("类型", "kind"): f["kind"],
                       t("指标", "indicator"): f["indicator"], t("目标", "target"): f.get("target"),
                       t("比较", "compared"): f.get("comparedTarget"), t("说明", "description"): f["description"]}
                      for f in findings], hide_index=True, width="stretch")
else:
    # thousands of plans: a column per region is unreadable and the whole listings take seconds to read;
    # how often each concept is set, and the matrix once a province is chosen
    st.subheader(t("各指标概念的规划数", "Plans setting each indicator concept"))
    st.dataframe(tables.concept_summary(concepts, vocab), hide_index=True, width="stretch",
                 key="indicators_summary",
                 column_config={"indicator": st.column_config.TextColumn(t("指标", "indicator"), pinned=True),
                                "notation": t("代码", "notation"), "unit": t("单位", "unit"),
                                "plans": st.column_config.NumberColumn(t("规划数", "plans"))})
    st.caption(t(f"共 {len(codes)} 个规划。请选择一个省，查看指标 × 地区矩阵与指标传导问题。",
                 f"{len(codes)} plans. Choose a province to see the indicator × region matrix and the cascade findings."))

st.subheader(t("单项指标", "One indicator"))
by_iri = {c["concept"]: c for c in concepts}
wanted = deep_link("concept")
if wanted and wkey("indicators_concept") not in st.session_state:
    found = next((c["concept"] for c in concepts if wanted in (c["concept"], c["notation"], c["labelZh"])), None)
    if found:
        st.session_state[wkey("indicators_concept")] = found
    else:
        unknown("concept", wanted, "请给出指标概念 IRI 或其代码（如 disability-home-coverage）。",
                "give an indicator concept IRI or its notation (e.g. disability-home-coverage).")
picked = st.selectbox(t("指标概念", "Indicator concept"), list(by_iri), key=wkey("indicators_concept"),
                      format_func=lambda iri: f"{vocab(iri)} ({by_iri[iri]['plans']})")
st.query_params["concept"] = by_iri[picked]["notation"]
concept = by_iri[picked]
compared = [r for r in query("indicator_compare", concept=picked) if (r.get("regionCode") or "").startswith(scope)]
data = [{"region": r["region"], "series": series, "value": float(r[key]), "label": r.get("targetText")}
        for r in compared
        for series, key in ((t("2020 基期值", "2020 baseline"), "baselineValue"), (t("2025 目标值", "2025 target"), "targetValue"))
        if r.get(key) is not None]
regions_charted = len({d["region"] for d in data})
if data and regions_charted > tables.CHART_MAX_REGIONS:
    # a bar per region is unreadable past a few dozen: how the values are spread, baseline and target
    chart = (alt.Chart(alt.Data(values=data)).mark_bar(opacity=0.6)
             .encode(x=alt.X("value:Q", bin=alt.Bin(maxbins=40), title=concept.get("unit") or t("数值", "value")),
                     y=alt.Y("count():Q", stack=None, title=t("地区数", "regions")),
                     color=alt.Color("series:N", title=None)))
    st.altair_chart(chart, width="stretch")
    st.caption(t(f"{regions_charted} 个地区的数值分布；选择一个省可逐个地区比较。",
                 f"How the values of {regions_charted} regions are spread; choose a province to compare region by region."))
elif data:
    chart = (alt.Chart(alt.Data(values=data)).mark_bar()
             .encode(x=alt.X("region:N", title=t("地区", "region")), xOffset="series:N",
                     y=alt.Y("value:Q", title=concept.get("unit") or t("数值", "value")),
                     color=alt.Color("series:N", title=None), tooltip=["region:N", "series:N", "value:Q", "label:N"]))
    st.altair_chart(chart, width="stretch")
else:
    st.info(t("这项指标没有可绘制的数值（定性目标）。", "This indicator has no numeric values to chart (a qualitative target)."))
st.dataframe(compared, hide_index=True, width="stretch", key="indicators_compare")
st.download_button("CSV", tables.csv_bytes(compared), file_name=f"{concept['notation']}.csv", mime="text/csv",
                   key="indicators_compare_csv")
