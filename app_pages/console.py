"""SPARQL console: read-only queries with a time limit, starting from the catalogue."""
import streamlit as st

from app_pages.common import require_store
from app_pages import data as explore

st.title("SPARQL 查询")
store = require_store()
examples = explore.examples()
start = st.selectbox("从目录开始 Start from a catalogue query", list(examples), key="console_example",
                     index=list(examples).index("plans") if "plans" in examples else 0)
text = st.text_area("SPARQL", value=examples[start], height=320, key=f"console_text_{start}")
st.caption(f"Read-only: updates are refused. Each query may run {explore.CONSOLE_TIMEOUT:.0f} s.")
if st.button("运行 Run", key="console_run", type="primary"):
    answer = explore.console(str(explore.store_path()), text)  # by path: a worker stopped at the limit
    if answer.error:
        st.error(answer.error)
    else:
        st.success(f"{len(answer.rows)} rows" + (" (first rows only)" if answer.truncated else ""))
        st.dataframe([dict(zip(answer.columns, row)) for row in answer.rows], hide_index=True, width="stretch")
