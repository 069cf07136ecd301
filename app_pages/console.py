"""SPARQL console: read-only, time-limited queries; catalogue queries with their parameters as form fields."""
from urllib.parse import urlencode

import streamlit as st

from app_pages import console_data, tables
from app_pages.common import deep_link, require_store, t
from app_pages.data import catalogue

st.title(t("SPARQL 查询", "SPARQL"))
src = require_store()
queries = catalogue()
OWN = "__own__"
shared = deep_link("q")
names = [OWN] + sorted(queries)
if "console_example" not in st.session_state:
    linked = deep_link("query")
    st.session_state["console_example"] = OWN if shared else (linked if linked in queries else "plans")
    if linked and linked not in queries:
        st.error(t(f"链接参数 query={linked!r} 不是目录中的查询。", f"Link parameter query={linked!r} is not a catalogue query."))
start = st.selectbox(t("从目录开始", "Start from a catalogue query"), names, key="console_example",
                     format_func=lambda n: "（自己的查询 · your own query）" if n == OWN else f"{n} — {queries[n].summary}")
entry = queries.get(start)
default_text = entry.text if entry else (shared or console_data.prefix_block() + "\n\nSELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10")
text = st.text_area("SPARQL", value=default_text, height=300, key=f"console_text_{start}")
with st.expander(t("已声明的前缀（可直接使用）", "Declared prefixes (use them without declaring)")):
    st.code(console_data.prefix_block(), language="sparql")

params = {}
if entry and entry.params:
    st.markdown(t("**参数**", "**Parameters**"))
    columns = st.columns(min(len(entry.params), 3))
    for i, p in enumerate(entry.params):
        linked_value = deep_link(f"p.{p.name}") if deep_link("query") == start else None
        params[p.name] = columns[i % len(columns)].text_input(
            f"{p.name} ({p.type})", value=linked_value or p.default or "", help=p.description, key=f"console_param_{start}_{p.name}")
edited = entry is not None and text.strip() != entry.text.strip()
if edited and entry.params:
    st.caption(t("查询文字已修改：参数字段不再使用。", "The query text is edited: the parameter fields are not used."))
timeout = st.number_input(t("时间限制（秒）", "Time limit (s)"), 1, 30, int(console_data.limits()[0]), key="console_timeout")
st.caption(t("只读：更新请求会被拒绝。", "Read-only: updates are refused."))

if st.button(t("运行", "Run"), key="console_run", type="primary"):
    if entry and not edited:
        answer = console_data.run(src, text, float(timeout), name=start, params=params)
        st.query_params.clear()
        st.query_params.update({"query": start, **{f"p.{k}": v for k, v in params.items() if v}})
    else:
        answer = console_data.run(src, text, float(timeout))
        st.query_params.clear()
        st.query_params["q"] = text
    st.session_state["console_answer"] = answer
answer = st.session_state.get("console_answer")
if answer is not None:
    if answer.error:
        st.error(answer.error)
    else:
        more = t("（仅前几行）", " (first rows only)") if answer.truncated else ""
        st.success(t(f"{len(answer.rows)} 行{more}", f"{len(answer.rows)} rows{more}"))
        records = answer.records()
        st.dataframe(records, hide_index=True, width="stretch", key="console_result")
        c1, c2, c3 = st.columns(3)
        c1.download_button("CSV", tables.csv_bytes(records), file_name="results.csv", mime="text/csv", key="console_csv")
        c2.download_button("JSON", answer.sparql_json(), file_name="results.srj",
                           mime="application/sparql-results+json", key="console_json")
        c3.markdown(t("分享链接：", "Shareable link: ") + f"[?{urlencode(dict(st.query_params))[:60]}…](?{urlencode(dict(st.query_params))})")
