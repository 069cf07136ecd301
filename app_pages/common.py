"""Shared pieces of the pages: the cached store, cached query rows, the sidebar."""
from __future__ import annotations

import streamlit as st

from app_pages import data as explore
from graph.errors import PlanKGError


@st.cache_resource(show_spinner=False)
def _open(path: str):
    return explore.open_read_only(path)


def store():
    """The read-only store at ``$PLANKG_STORE``, opened once per path."""
    return _open(str(explore.store_path()))


@st.cache_data(show_spinner=False)
def _rows(path: str, name: str, params: tuple) -> list[dict]:
    _open(path)  # refuses a folder that is not a built store
    return explore.rows(path, name, **dict(params))  # by path: a worker process, stopped at the time limit


def query(name: str, **params) -> list[dict]:
    """Catalogue query rows, cached by store, query name and parameters."""
    return _rows(str(explore.store_path()), name, tuple(sorted(params.items())))


def require_store():
    """The store, or a clear message and a stop when it has not been built."""
    try:
        return store()
    except (FileNotFoundError, OSError, PlanKGError) as exc:
        st.error(f"No graph to show yet: {exc}")
        st.code("make run        # or: .venv/bin/plankg build", language="sh")
        st.stop()


def plan_picker(key: str, label: str = "规划 Plan") -> dict:
    require_store()
    plans = query("plans")
    if not plans:
        st.warning("The store holds no plans.")
        st.stop()
    labels = {explore.plan_label(p): p for p in plans}
    choice = st.selectbox(label, list(labels), key=key)
    return labels[choice]


def sidebar() -> None:
    with st.sidebar:
        st.caption(f"Store: `{explore.store_path()}` (read-only)")
