"""PlanKG front end: browse plans, compare indicators, trace implementation, explore the graph, ask SPARQL.

Run with ``streamlit run app.py`` (``make run`` builds the graph first). The store is read from
``$PLANKG_STORE`` (default ``.plankg/store``) and opened read-only.
"""
import streamlit as st

from app_pages import common

st.set_page_config(page_title="PlanKG 规划知识图谱", page_icon="🗺️", layout="wide")

pages = [
    st.Page("app_pages/plans.py", title="规划 Plans", default=True),
    st.Page("app_pages/indicators.py", title="指标 Indicators", url_path="indicators"),
    st.Page("app_pages/trace.py", title="落实 Trace", url_path="trace"),
    st.Page("app_pages/network.py", title="图谱 Graph", url_path="graph"),
    st.Page("app_pages/console.py", title="SPARQL 查询", url_path="sparql"),
]
navigation = st.navigation(pages)
common.sidebar()
navigation.run()
