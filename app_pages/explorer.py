"""Graph explorer: start from any node found by words, expand neighbours by clicking, filter by class."""
import streamlit as st
from streamlit_echarts import JsCode, st_echarts

from app_pages import network_data
from app_pages.common import wkey, chart_event, deep_link, lang, query, require_store, t, unknown, vocab, vocab_or

st.title(t("图谱浏览", "Graph explorer"))
require_store()
CLASSES = {"https://w3id.org/plankg/ontology#" + c for c in
           ("Plan", "Section", "Measure", "Indicator", "Institution", "Region", "ReferencedDocument", "MeasureFamily",
            "Project")} | {"http://www.w3.org/2004/02/skos/core#Concept"}

wanted = deep_link("node")
if wanted and "explorer_search" not in st.session_state:
    st.session_state["explorer_search"] = wanted
left, right = st.columns([2, 1])
words = left.text_input(t("查找节点（规划、章节、措施、指标、机构、地区、文件）",
                          "Find a node (plan, section, measure, indicator, institution, region, document)"),
                        key="explorer_search", placeholder=t("例如 就业、残联、无障碍", "e.g. 就业, 残联, 无障碍"))
if not words.strip():
    st.info(t("请输入要查找的文字，例如“就业”或“残联”。", "Type some words to search for, e.g. 就业 or 残联."))
    st.stop()
if words.strip().startswith(("http://", "https://")):
    info = [r for r in query("node_info", node=words.strip()) if r.get("class")]
    found = [{"node": words.strip(), **info[0]}] if info else []
else:
    found = query("node_search", text=words.strip())
if not found:
    if wanted:
        unknown("node", wanted, "找不到这个节点。", "no such node.")
    st.warning(t(f"没有名称包含“{words}”的节点。", f"No node's name contains “{words}”."))
    st.stop()
starts = {r["node"]: r for r in found}
start_iri = right.selectbox(t("起点", "Start from"), list(starts), key=wkey("explorer_start"),
                            format_func=lambda iri: f"{starts[iri]['label']} · {vocab(starts[iri]['class'])}")
start = starts[start_iri]
st.query_params["node"] = start_iri
if st.session_state.get("explorer_root") != start_iri:
    st.session_state["explorer_root"] = start_iri
    st.session_state["explorer_expanded"] = []

c1, c2 = st.columns([3, 1])
class_names = sorted(CLASSES, key=vocab)
classes_key = wkey("explorer_classes")
st.session_state.setdefault(classes_key, class_names)
chosen = c1.multiselect(t("显示的类别", "Classes shown"), class_names, format_func=vocab, key=classes_key)
cap = c2.slider(t("最多节点数", "Node cap"), 10, 300, 80, step=10, key="explorer_cap")


@st.cache_data(show_spinner=False, ttl=600)
def _neighbours(iri: str, _lang: str) -> list[dict]:
    return query("neighbours", node=iri)


expanded = st.session_state.setdefault("explorer_expanded", [])
hood = network_data.grow(start, expanded, lambda iri: _neighbours(iri, lang()), set(chosen) | {start.get("class")}, cap)
options = network_data.options(hood, vocab, vocab, start_iri, vocab_or)
options["tooltip"] = {"formatter": JsCode("function (p) { return p.dataType === 'node' ? p.data.value : p.data.value; }")}
clicked = st_echarts(options, height="640px", key=f"explorer_view_{len(expanded)}_{lang()}",
                     events={"click": "function (p) { return p.dataType === 'node' ? p.data.id : undefined; }"})
if hood.hidden:
    st.warning(t(f"已达到 {cap} 个节点的上限，另有 {hood.hidden} 个节点未显示：请提高上限或按类别筛选。",
                 f"The cap of {cap} nodes is reached; {hood.hidden} more are not shown: raise the cap or filter by class."))
st.caption(t(f"{len(hood.nodes)} 个节点、{len(hood.edges)} 条边 · 点击节点展开其相邻节点",
             f"{len(hood.nodes)} nodes, {len(hood.edges)} edges · click a node to expand its neighbours"))

clicked = chart_event(clicked)
if clicked and clicked in hood.nodes and clicked not in expanded and clicked != st.session_state.get("explorer_clicked"):
    st.session_state["explorer_clicked"] = clicked
    expanded.append(clicked)
    st.rerun()
expand = st.selectbox(t("展开节点", "Expand a node"), [i for i in hood.nodes if i not in expanded and i != start_iri],
                      index=None, format_func=lambda iri: hood.nodes[iri]["label"], key="explorer_expand",
                      placeholder=t("选择要展开的节点", "Choose a node to expand"))
if expand:
    expanded.append(expand)
    del st.session_state["explorer_expand"]
    st.rerun()

focus = expanded[-1] if expanded else start_iri
node = hood.nodes.get(focus, {})
st.subheader(f"{node.get('label', focus)} · {vocab(node.get('class'))}")
st.caption(focus)
if node.get("class", "").endswith("#Measure"):
    detail = next((r for r in query("trace", measure=focus) if r["direction"] == "self"), None)
    if detail:
        st.write(detail.get("text") or "")
    for src in query("source", node=focus):
        st.caption(t(f"原文：{src['file']} 第 {src['startLine']}–{src['endLine']} 行",
                     f"Source: {src['file']} lines {src['startLine']}–{src['endLine']}"))
