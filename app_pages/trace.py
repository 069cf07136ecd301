"""Trace implementation: which parent-plan measures a plan implements, changed, skipped or added."""
import streamlit as st

from app_pages.common import plan_picker, query

st.title("落实 Trace")
st.caption("Which measures of a plan implement its parent plan's, where a number changed, which were "
           "skipped and which are local additions. Links come from the links graph built by `plankg build`.")
plan = plan_picker("trace_plan", "下级规划 Lower-level plan")
links = query("implements", plan=plan["plan"])
findings = [f for f in query("weaker_targets") if f["plan"] == plan["plan"]]

implemented, gaps, additions, cascade = st.tabs(
    [f"落实 Implemented ({len(links)})", "未落实 Skipped", "新增 Local additions", f"指标 Indicator cascade ({len(findings)})"])

with implemented:
    if not links:
        st.info("No measure of this plan is linked to a parent plan in the corpus.")
    else:
        st.subheader(f"Implemented parent measures ({len(links)})")
        st.dataframe([{"本级 measure": r["childHeading"], "上级 parent measure": r["parentHeading"],
                       "上级地区 parent region": r["parentRegion"], "score": round(float(r["score"]), 3)}
                      for r in links], hide_index=True, width="stretch")
        labels = {f"{r['childHeading']} ← {r['parentRegion']} {r['parentHeading']}": r for r in links}
        picked = labels[st.selectbox("对照 Side by side", list(labels), key="trace_link")]
        chain = query("trace", measure=picked["childMeasure"])
        me = next((r for r in chain if r["direction"] == "self"), None)
        up = next((r for r in chain if r["direction"] == "up" and r["other"] == picked["parentMeasure"]), None)
        left, right = st.columns(2)
        if me:
            left.markdown(f"**{me['region']}** · {me['heading']}")
            left.write(me["text"])
        if up:
            right.markdown(f"**{up['region']}** · {up['heading']}")
            right.write(up["text"])
            if up.get("changedNumbers"):
                st.warning(f"数字变化 Changed numbers (本级 → 上级): {up['changedNumbers']}")
            st.caption(f"score {float(up['score']):.3f} · {up['method']}")

parents = sorted({r["parentPlan"] for r in links})
with gaps:
    if not parents:
        st.info("This plan has no parent plan in the corpus to compare with.")
    for parent in parents:
        skipped = query("unimplemented", plan=plan["plan"], parent=parent)
        st.subheader(f"Parent measures not implemented ({len(skipped)})")
        st.dataframe([{"path": r["path"], "heading": r["heading"], "text": r["text"]} for r in skipped],
                     hide_index=True, width="stretch")

with additions:
    added = query("local_additions", plan=plan["plan"])
    st.subheader(f"Measures with no counterpart ({len(added)})")
    st.dataframe([{"path": r["path"], "heading": r["heading"], "text": r["text"]} for r in added],
                 hide_index=True, width="stretch")

with cascade:
    st.dataframe([{"kind": f["kind"], "indicator": f["indicator"], "target": f.get("target"),
                   "compared": f.get("comparedTarget"), "description": f["description"]} for f in findings],
                 hide_index=True, width="stretch")
