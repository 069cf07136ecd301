"""PlanKG front end: overview, map, plans, indicators, trace, institutions, graph explorer and SPARQL console.

Run with ``streamlit run app.py`` (``make run`` builds the graph first). The graph is read from the
store at ``$PLANKG_STORE`` (default ``.plankg/store``, opened read-only), or from the SPARQL 1.1
endpoint at ``$PLANKG_ENDPOINT`` when that is set.
"""
import streamlit as st

from app_pages import common
from app_pages.common import t

st.set_page_config(page_title="PlanKG 规划知识图谱", page_icon="🗺️", layout="wide")
st.session_state.setdefault("lang", "zh")

pages = [
    st.Page("app_pages/overview.py", title=t("概览", "Overview"), default=True),
    st.Page("app_pages/map.py", title=t("地图", "Map"), url_path="map"),
    st.Page("app_pages/plans.py", title=t("规划", "Plans"), url_path="plans"),
    st.Page("app_pages/indicators.py", title=t("指标", "Indicators"), url_path="indicators"),
    st.Page("app_pages/trace.py", title=t("落实", "Trace"), url_path="trace"),
    st.Page("app_pages/institutions.py", title=t("机构", "Institutions"), url_path="institutions"),
    st.Page("app_pages/explorer.py", title=t("图谱浏览", "Graph explorer"), url_path="graph"),
    st.Page("app_pages/console.py", title=t("SPARQL 查询", "SPARQL"), url_path="sparql"),
]
navigation = st.navigation(pages)
common.sidebar()
navigation.run()
