"""Institutions: who the plans name, how often in each plan, the measures naming one, and the vocabulary tree."""
import streamlit as st

from app_pages import tables
from app_pages.common import deep_link, query, require_store, t, unknown, vocab

st.title(t("机构", "Institutions"))
require_store()
by_plan = query("institutions_by_plan")
matrix = tables.institution_matrix(by_plan)
st.subheader(t("各机构在各规划中参与的措施数", "Measures naming each institution, by plan"))
st.dataframe(matrix, hide_index=True, width="stretch", key="institutions_matrix")
st.download_button("CSV", tables.csv_bytes(matrix), file_name="institutions-by-plan.csv", mime="text/csv",
                   key="institutions_csv")

names = {}
for r in by_plan:
    names.setdefault(r["institution"], r["name"])
totals = {r["name"]: r["total"] for r in matrix}
options = sorted(names, key=lambda iri: (-totals.get(names[iri], 0), names[iri]))
wanted = deep_link("institution")
if wanted and "institutions_pick" not in st.session_state:
    found = next((iri for iri in options if wanted in (iri, names[iri])), None)
    if found:
        st.session_state["institutions_pick"] = found
    else:
        unknown("institution", wanted, "请给出机构 IRI 或完整名称。", "give an institution IRI or its full name.")
st.subheader(t("提及某一机构的措施", "Measures naming one institution"))
picked = st.selectbox(t("机构", "Institution"), options, format_func=lambda iri: names[iri], key="institutions_pick")
st.query_params["institution"] = picked
measures = query("institution_measures", institution=picked)
st.caption(t(f"{names[picked]}：{len(measures)} 项措施", f"{names[picked]}: {len(measures)} measures"))
for m in measures:
    with st.expander(f"{m['region']} · {m.get('path') or ''} · {m.get('heading') or ''}"):
        st.write(m.get("text") or "")
        st.page_link("app_pages/trace.py", label=t("追溯这项措施 →", "Trace this measure →"),
                     query_params={"measure": m["measure"]})

st.subheader(t("机构词表（SKOS）", "Institution vocabulary (SKOS)"))
tree = tables.institution_tree(query("institution_tree"))
only_named = st.toggle(t("只显示规划中提及的类型", "Only kinds the plans name"), value=True, key="institutions_named")
lines = tables.tree_lines(tree, lambda iri: vocab(iri), only_named)
st.markdown("\n".join(lines))
st.caption(t(f"{len(tree.kinds)} 个机构类型，{tree.bodies} 个具体机构。", f"{len(tree.kinds)} kinds, {tree.bodies} bodies."))
