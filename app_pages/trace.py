"""Trace implementation: which measures of a plan implement its parent plan's, which were skipped."""
import streamlit as st

from app_pages.common import plan_picker, query

st.title("落实 Trace")
plan = plan_picker("trace_plan", "下级规划 Lower-level plan")
st.caption("Requires the links graph (built by `plankg build`).")
links = [r for r in query("implements") if r["childPlan"] == plan["plan"]]
if not links:
    st.info("No measure of this plan is linked to a parent plan in the corpus.")
    st.stop()
st.subheader(f"落实上级措施 Implemented parent measures ({len(links)})")
st.dataframe([{"本级 measure": r["childHeading"], "上级 parent measure": r["parentHeading"],
               "上级地区 parent region": r["parentRegion"], "score": round(float(r["score"]), 3)}
              for r in links], hide_index=True, width="stretch")
