"""Indicator comparison: one indicator concept across all plans, as a chart and a table."""
import altair as alt
import streamlit as st

from app_pages.common import query, require_store
from app_pages import data as explore

st.title("指标 Indicators")
require_store()
concepts = explore.concepts(require_store())
labels = {f"{c['labelZh']} · {c['labelEn']} ({c['plans']})": c for c in concepts}
choice = st.selectbox("指标 Indicator concept", list(labels), key="indicators_concept")
concept = labels[choice]

compared = query("indicator_compare", concept=concept["concept"])
data = explore.chart_rows(compared)
if data:
    chart = (alt.Chart(alt.Data(values=data))
             .mark_bar()
             .encode(x=alt.X("region:N", title="地区 region"), xOffset="series:N",
                     y=alt.Y("value:Q", title=concept.get("unit") or "value"),
                     color=alt.Color("series:N", title=None),
                     tooltip=["region:N", "series:N", "value:Q", "label:N"]))
    st.altair_chart(chart, width="stretch")
else:
    st.info("This indicator has no numeric values to chart (a qualitative target).")
st.dataframe(compared, hide_index=True, width="stretch")

with st.expander("全部指标 All indicator rows"):
    st.dataframe(query("indicators"), hide_index=True, width="stretch")
