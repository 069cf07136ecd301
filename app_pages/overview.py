"""Overview: how big the graph is, whether each plan conforms to the shapes, and how the plans derive from each other."""
import streamlit as st
from streamlit_echarts import JsCode, st_echarts

from app_pages import overview_data
from app_pages.common import lang, wkey, plan_label, query, region_scope, require_store, t

st.title(t("概览", "Overview"))
src = require_store()
counts = (query("overview_counts") or [{}])[0]
metrics = [("规划", "Plans", "plans"), ("措施", "Measures", "measures"), ("指标", "Indicators", "indicators"),
           ("机构", "Institutions", "institutions"), ("落实关联", "Implements links", "implementsLinks"),
           ("派生关联", "Derivation links", "derivationLinks"), ("三元组", "Triples", "triples")]
for row in (metrics[:4], metrics[4:]):           # two rows: a count in the millions fits its column
    for column, (zh, en, key) in zip(st.columns(4), row):
        column.metric(t(zh, en), f"{counts.get(key, 0):,}")

st.subheader(t("编制依据层级", "Derivation hierarchy"))
kind_names = {"corpus": t("本库规划", "plan in the corpus"), "plan": t("引用的规划", "referenced plan"),
              "outline": t("规划纲要", "outline"), "law": t("法律", "law"), "regulation": t("法规", "regulation"),
              "policy": t("政策文件", "policy"), "other": t("其他", "other")}
kinds_key = wkey("overview_kinds")
st.session_state.setdefault(kinds_key, ["plan", "outline"])
shown = st.multiselect(t("显示的依据文件类型", "Basis documents shown"), ["plan", "outline", "law", "regulation", "policy", "other"],
                       format_func=kind_names.get, key=kinds_key)
scope, codes = region_scope("overview_scope")
drawn, top_only = overview_data.diagram_rows(query("derivation_links"), codes, scope)
if top_only and not scope:
    st.caption(t(f"规划超过 {overview_data.DIAGRAM_MAX_PLANS} 个：只画国家级和省级规划；选择一个省可看其市、县规划。",
                 f"More than {overview_data.DIAGRAM_MAX_PLANS} plans: only the national and provincial plans are drawn; "
                 "choose a province to see its prefectures and counties."))
elif top_only:
    st.caption(t(f"规划超过 {overview_data.DIAGRAM_MAX_PLANS} 个：只画到地市级；选择一个地市可看其县级规划。",
                 f"More than {overview_data.DIAGRAM_MAX_PLANS} plans: drawn down to the prefectures; "
                 "choose a prefecture to see its counties."))
diagram = overview_data.derivation_diagram(drawn, set(shown))
legend = t(f"实线：规划中明示的依据；红色虚线：按行政层级推断（{diagram.inferred} 条）",
           f"Solid: basis stated in the plan; red dashed: inferred from the region hierarchy ({diagram.inferred})")
options = overview_data.diagram_options(diagram, kind_names, legend)
options["tooltip"]["formatter"] = JsCode("function (p) { return p.dataType === 'node' ? p.data.value : ''; }")
st_echarts(options, height="560px", key=f"overview_diagram_{lang()}_{scope or 'all'}_{'-'.join(shown)}")
st.caption(t(f"{len(diagram.nodes)} 个节点、{len(diagram.links)} 条派生关系；可拖动、缩放。",
             f"{len(diagram.nodes)} nodes, {len(diagram.links)} derivation links; drag and zoom to explore."))

plans = query("plans")
st.subheader(t("规划与校验", "Plans and validation"))


@st.cache_data(show_spinner=False, ttl=3600)
def _validation(store_path: str, plan_iris: tuple) -> dict:
    report = overview_data.validate(src.open(), [{"plan": p} for p in plan_iris], store_path)
    return {v.plan: (v.conforms, v.sentences) for v in report}


if src.endpoint:
    status = {}
    st.caption(t("SHACL 校验在内置存储上运行（plankg validate）；读取 SPARQL 端点时不显示。",
                 "SHACL validation runs on the embedded store (plankg validate); it is not shown when reading an endpoint."))
else:
    with st.spinner(t("正在用 SHACL 形状校验各规划……", "Checking each plan against the SHACL shapes…")):
        status = _validation(src.store_path, tuple(p["plan"] for p in plans))
    st.caption(t("校验结论取自最近一次 plankg build（构建时已逐一校验）；没有结论的规划在此校验。",
                 "Verdicts come from the last plankg build, which checked each plan; a plan without one is checked here."))
table = []
for p in plans:
    conforms, sentences = status.get(p["plan"], (None, []))
    verdict = "—" if conforms is None else (t("符合", "conforms") if conforms else
                                             t(f"{len(sentences)} 项违反", f"{len(sentences)} violations"))
    table.append({t("规划", "plan"): plan_label(p), t("措施", "measures"): p["measures"],
                  t("指标", "indicators"): p["indicators"], t("校验", "validation"): verdict})
st.dataframe(table, hide_index=True, width="stretch", key="overview_plans")
for p in plans:
    conforms, sentences = status.get(p["plan"], (True, []))
    if not conforms:
        with st.expander(t(f"{p['region']}：违反形状的地方", f"{p['region']}: what violates the shapes")):
            for s in sentences:
                st.markdown(f"- {s}")
