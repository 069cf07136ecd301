"""Plan browser: metadata, outline, measures with their source lines, and downloads of the plan."""
import streamlit as st

from app_pages import tables
from app_pages.common import download_name, plan_picker, query, source, t

st.title(t("规划", "Plans"))
plan = plan_picker("plans_plan")
meta = st.columns(4)
meta[0].metric(t("地区", "Region"), plan["region"], help=t(f"行政区划代码 {plan.get('regionCode')}", f"region code {plan.get('regionCode')}"))
meta[1].metric(t("规划期", "Period"), f"{plan.get('periodStart')}–{plan.get('periodEnd')}")
meta[2].metric(t("措施", "Measures"), plan.get("measures"))
meta[3].metric(t("指标", "Indicators"), plan.get("indicators"))
st.caption(t("行政区划代码 ", "Region code ") + str(plan.get("regionCode") or "—") + " · "
           + (t("征求意见稿", "draft") if plan.get("draft") else t("印发 ", "issued ") + str(plan.get("issued") or "—"))
           + f" · {plan['plan']}")

basis = query("basis", plan=plan["plan"])
if basis:
    with st.expander(t(f"编制依据（{len(basis)}）", f"Basis documents ({len(basis)})"), expanded=False):
        st.dataframe([{t("依据", "basis"): b["basisTitle"], t("类型", "kind"): b.get("basisKind"),
                       t("本库", "in corpus"): bool(b.get("inCorpus"))} for b in basis], hide_index=True, width="stretch")

slug = download_name(plan.get("regionCode") or "", "plan")
with st.expander(t("下载", "Downloads")):
    cols = st.columns(4)
    if cols[0].button(t("准备规划图（Turtle、JSON-LD）", "Prepare the plan graph (Turtle, JSON-LD)"), key="plans_prepare_rdf"):
        st.session_state["plans_rdf"] = plan["plan"]
    if st.session_state.get("plans_rdf") == plan["plan"]:
        triples = source().result("plan_triples", plan=plan["plan"])
        cols[1].download_button("Turtle", tables.rdf_bytes(triples, "turtle"), file_name=f"{slug}.ttl",
                                mime="text/turtle", key="plans_ttl")
        cols[1].download_button("JSON-LD", tables.rdf_bytes(triples, "jsonld"), file_name=f"{slug}.jsonld",
                                mime="application/ld+json", key="plans_jsonld")
    all_measures = query("measures", plan=plan["plan"])
    indicators = query("indicators", plan=plan["plan"])
    cols[2].download_button(t("措施 CSV", "Measures CSV"), tables.csv_bytes(all_measures), file_name=f"{slug}-measures.csv",
                            mime="text/csv", key="plans_measures_csv")
    cols[2].download_button(t("指标 CSV", "Indicators CSV"), tables.csv_bytes(indicators),
                            file_name=f"{slug}-indicators.csv", mime="text/csv", key="plans_indicators_csv")
    cols[3].download_button(t("措施与指标 XLSX", "Measures and indicators XLSX"),
                            tables.xlsx_bytes({"measures": all_measures, "indicators": indicators}),
                            file_name=f"{slug}.xlsx", key="plans_xlsx",
                            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

sections = query("sections", plan=plan["plan"])
left, right = st.columns([1, 2])
with left:
    st.subheader(t("目录", "Outline"))
    options = [t("（全部）", "(all)")] + [f"{s['path']} {s['ordinal']} {s['title']}" for s in sections]
    picked = st.radio(t("章节", "Section"), options, key="plans_section", label_visibility="collapsed")
with right:
    keyword = st.text_input(t("关键词", "Keyword"), key="plans_keyword", placeholder=t("例如 康复、就业、残疾人之家", "e.g. 康复, 就业, 残疾人之家"))
    measures = query("measures", plan=plan["plan"], keyword=keyword.strip() or None)
    if picked != options[0]:
        path = picked.split(" ", 1)[0]
        measures = [m for m in measures if m["sectionPath"] == path or m["sectionPath"].startswith(path + ".")]
    st.subheader(t(f"措施（{len(measures)}）", f"Measures ({len(measures)})"))
    if keyword.strip() and not measures:
        st.info(t(f"没有含“{keyword}”的措施。", f"No measure contains “{keyword}”."))
    sources = {s["measure"]: s for s in query("measure_texts", plan=plan["plan"])}
    for m in measures[:200]:
        with st.expander(f"{m['sectionPath']} · {m.get('ordinal') or ''}. {m.get('heading') or ''}"):
            s = sources.get(m["measure"])
            if s:
                page = f" · {t('第 ', 'page ')}{s['page']}{t(' 页', '')}" if s.get("page") else ""
                st.caption(t(f"原文：{s['file']} 第 {s['startLine']}–{s['endLine']} 行",
                             f"Source: {s['file']} lines {s['startLine']}–{s['endLine']}") + page)
                st.code(s["sourceText"], language=None, wrap_lines=True)
            else:
                st.write(m.get("text") or "")
            st.page_link("app_pages/trace.py", label=t("追溯这项措施 →", "Trace this measure →"),
                         query_params={"measure": m["measure"]})
    if len(measures) > 200:
        st.info(t(f"另有 {len(measures) - 200} 项：请用关键词或章节缩小范围。", f"{len(measures) - 200} more: narrow with a keyword or a section."))
