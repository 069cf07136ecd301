"""Institutions: who the plans name, how often in each plan, the measures naming one, and the vocabulary tree.

At national scale (thousands of plans, tens of thousands of bodies) the page narrows to a province,
shows a column per plan only while the plans fit (``tables.MATRIX_MAX_PLANS``), else one row per
institution with its plan and measure counts, and lists a bounded number of bodies per kind in the tree.
"""
import streamlit as st

from app_pages import tables
from app_pages.common import deep_link, query, region_scope, require_store, t, unknown, vocab

BODIES_SHOWN = 30                      # bodies listed under one kind of the tree before "… N more"

st.title(t("机构", "Institutions"))
require_store()
by_plan = query("institutions_by_plan")
scope, codes = region_scope("institutions_scope")
rows = tables.in_scope(by_plan, codes, scope)
plans_in_scope = len({r["plan"] for r in rows})

if plans_in_scope <= tables.MATRIX_MAX_PLANS:
    table = tables.institution_matrix(rows)
    st.subheader(t("各机构在各规划中参与的措施数", "Measures naming each institution, by plan"))
    file_name = "institutions-by-plan.csv"
else:
    table = tables.institution_summary(rows)
    st.subheader(t("各机构参与的规划数与措施数", "Plans and measures naming each institution"))
    narrower = {0: t("请选择一个省。", " Choose a province."), 2: t("请选择一个地市。", " Choose a prefecture.")}
    st.caption(t(f"范围内有 {plans_in_scope} 个规划；规划不超过 {tables.MATRIX_MAX_PLANS} 个时按规划分列显示。",
                 f"{plans_in_scope} plans in scope; a column per plan is shown for up to {tables.MATRIX_MAX_PLANS} plans.")
               + narrower.get(len(scope), ""))
    file_name = "institutions-summary.csv"
st.dataframe(table, hide_index=True, width="stretch", key="institutions_matrix")
st.download_button("CSV", tables.csv_bytes(table), file_name=file_name, mime="text/csv", key="institutions_csv")

names = {}
for r in rows:
    names.setdefault(r["institution"], r["name"])
totals: dict[str, int] = {}
for r in rows:
    totals[r["institution"]] = totals.get(r["institution"], 0) + (r["measures"] or 0)
options = sorted(names, key=lambda iri: (-totals.get(iri, 0), names[iri], iri))
wanted = deep_link("institution")
if wanted and "institutions_pick" not in st.session_state:
    found = next((iri for iri in options if wanted in (iri, names[iri])), None)
    if found:
        st.session_state["institutions_pick"] = found
    else:
        unknown("institution", wanted, "请给出机构 IRI 或完整名称。", "give an institution IRI or its full name.")
if st.session_state.get("institutions_pick") not in names:
    st.session_state.pop("institutions_pick", None)
st.subheader(t("提及某一机构的措施", "Measures naming one institution"))
if options:
    picked = st.selectbox(t("机构", "Institution"), options, format_func=lambda iri: names[iri], key="institutions_pick")
    st.query_params["institution"] = picked
    measures = query("institution_measures", institution=picked)
    st.caption(t(f"{names[picked]}：{len(measures)} 项措施", f"{names[picked]}: {len(measures)} measures"))
    for m in measures:
        with st.expander(f"{m['region']} · {m.get('path') or ''} · {m.get('heading') or ''}"):
            st.write(m.get("text") or "")
            st.page_link("app_pages/trace.py", label=t("追溯这项措施 →", "Trace this measure →"),
                         query_params={"measure": m["measure"]})
else:
    st.info(t("范围内的规划没有提及机构。", "The plans in scope name no institution."))

st.subheader(t("机构词表（SKOS）", "Institution vocabulary (SKOS)"))
tree = tables.institution_tree(query("institution_tree"))
only_named = st.toggle(t("只显示规划中提及的类型", "Only kinds the plans name"), value=True, key="institutions_named")
lines = tables.tree_lines(tree, lambda iri: vocab(iri), only_named, limit=BODIES_SHOWN,
                          more=lambda n: t(f"……另有 {n} 个", f"… and {n} more"))
st.markdown("\n".join(lines))
st.caption(t(f"{len(tree.kinds)} 个机构类型，{tree.bodies} 个具体机构。", f"{len(tree.kinds)} kinds, {tree.bodies} bodies."))
