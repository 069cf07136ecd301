"""The plans and the documents they are based on, as an interactive graph."""
import warnings

import streamlit as st
from st_link_analysis import EdgeStyle, NodeStyle, st_link_analysis

# st-link-analysis 0.4 warns about its own default for the retired ``labeled`` argument.
warnings.filterwarnings("ignore", message="Paramter `labeled` is deprecated")

from app_pages.common import require_store
from app_pages import data as explore

st.title("图谱 Graph")
st.caption("规划及其编制依据 — plans, the documents they name as their basis, and the plans those resolve to.")
network = explore.plan_network(require_store())
kinds = sorted({n["data"]["label"] for n in network.nodes.values()})
palette = {"CORPUS_PLAN": "#d62728", "PLAN": "#ff9896", "OUTLINE": "#1f77b4", "POLICY": "#2ca02c", "LAW": "#9467bd",
           "REGULATION": "#8c564b", "OTHER": "#7f7f7f"}
node_styles = [NodeStyle(kind, palette.get(kind, "#17becf"), "name") for kind in kinds]
edge_styles = [EdgeStyle("BASED_ON", caption="label", directed=True)]
layout = st.selectbox("布局 Layout", ["cose", "breadthfirst", "circle", "concentric", "grid"], key="graph_layout")
# A compact layout fits the view at a zoom where the captions (names) are drawn.
st_link_analysis(network.elements(), layout={"name": layout, "spacingFactor": 0.45, "animate": False}, node_styles=node_styles, edge_styles=edge_styles,
                 height=600, key="graph_view")
st.caption(f"{len(network.nodes)} nodes, {len(network.edges)} edges · 放大显示名称，点击节点查看详情 "
           "(zoom in to see names; click a node for its details) · 深红: 本库规划 plans in the corpus")
