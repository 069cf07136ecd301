"""Plan browser: metadata, outline, measures with their source text."""
import streamlit as st

from app_pages.common import plan_picker, query

st.title("规划 Plans")
plan = plan_picker("plans_plan")

meta = st.columns(4)
meta[0].metric("地区 Region", plan["region"], plan.get("regionCode"))
meta[1].metric("规划期 Period", f"{plan.get('periodStart')}–{plan.get('periodEnd')}")
meta[2].metric("措施 Measures", plan.get("measures"))
meta[3].metric("指标 Indicators", plan.get("indicators"))
st.caption(("征求意见稿 draft" if plan.get("draft") else f"印发 issued {plan.get('issued') or '—'}")
           + f" · {plan['plan']}")

basis = [b for b in query("basis") if b["plan"] == plan["plan"]]
if basis:
    with st.expander(f"编制依据 Basis documents ({len(basis)})", expanded=False):
        st.dataframe([{"依据 basis": b["basisTitle"], "类型 kind": b.get("basisKind"),
                       "本库 in corpus": bool(b.get("inCorpus"))} for b in basis],
                     hide_index=True, width="stretch")

sections = query("sections", plan=plan["plan"])
chapters = [s for s in sections if s["level"] == 1]
left, right = st.columns([1, 2])
with left:
    st.subheader("目录 Outline")
    options = ["（全部 all）"] + [f"{s['path']} {s['ordinal']} {s['title']}" for s in sections]
    picked = st.radio("章节 Section", options, key="plans_section", label_visibility="collapsed")
with right:
    keyword = st.text_input("关键词 Keyword", key="plans_keyword", placeholder="例如 康复、就业、残疾人之家")
    measures = query("measures", plan=plan["plan"], keyword=keyword or None)
    if picked != options[0]:
        path = picked.split(" ", 1)[0]
        measures = [m for m in measures if m["sectionPath"] == path or m["sectionPath"].startswith(path + ".")]
    st.subheader(f"措施 Measures ({len(measures)})")
    sources = {s["measure"]: s for s in query("measure_sources", plan=plan["plan"])}
    for m in measures[:200]:
        with st.expander(f"{m['sectionPath']} · {m.get('ordinal') or ''}. {m.get('heading') or ''}"):
            st.write(m.get("text") or "")
            s = sources.get(m["measure"])
            if s:
                st.caption(f"原文 source: {s['file']} 第 {s['startLine']}–{s['endLine']} 行 · {m['measure']}")
    if len(measures) > 200:
        st.info(f"{len(measures) - 200} more: narrow with a keyword or a section.")
