"""Where the app reads the graph: the embedded store (``PLANKG_STORE``) or any SPARQL endpoint (``PLANKG_ENDPOINT``)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.queries import QueryError, Result, catalogue as load_catalogue, run_query, run_sparql

STORE_ENV = "PLANKG_STORE"
ENDPOINT_ENV = "PLANKG_ENDPOINT"
QUERY_TIMEOUT = 30.0          # seconds a page's catalogue query may run


@lru_cache(maxsize=1)
def catalogue() -> dict:
    """The query catalogue, read and checked once per process (reading it parses every file)."""
    return load_catalogue()


@lru_cache(maxsize=4)
def _open_store(path: str):
    import pyoxigraph as ox

    if not Path(path).is_dir():
        raise FileNotFoundError(f"{path}: no graph store here; build it first with 'plankg build --store {path}'")
    return ox.Store.read_only(path)


def default_store_path() -> Path:
    from graph.store import DEFAULT_STORE_PATH

    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE_PATH)


@dataclass(frozen=True)
class Source:
    """A read-only graph to query: a store path, or an endpoint URL (then the store is not used)."""
    store_path: str | None = None
    endpoint: str | None = None

    @classmethod
    def from_environment(cls) -> "Source":
        endpoint = (os.environ.get(ENDPOINT_ENV) or "").strip()
        if endpoint:
            return cls(endpoint=endpoint)
        return cls(store_path=str(default_store_path()))

    @property
    def description(self) -> str:
        return f"SPARQL endpoint {self.endpoint}" if self.endpoint else f"store {self.store_path} (read-only)"

    def store(self):
        """The embedded store (opened once per path); ``None`` when reading an endpoint."""
        return None if self.endpoint else _open_store(self.store_path)

    def check(self) -> None:
        """Raise FileNotFoundError (store) or QueryError (endpoint) when there is nothing to read."""
        if self.endpoint:
            self.sparql("ASK { ?s ?p ?o }", timeout=10)
        else:
            self.store()

    def result(self, name: str, timeout: float = QUERY_TIMEOUT, **params) -> Result:
        """A catalogue query's result; parameters given as text, empty ones left unset."""
        clean = {k: str(v) for k, v in params.items() if v not in (None, "")}
        query = catalogue()[name]
        return run_query(query, clean, store=self.store(), endpoint=self.endpoint, timeout=timeout)

    def rows(self, name: str, **params) -> list[dict]:
        """A catalogue query's rows as dicts of plain values."""
        return self.result(name, **params).records()

    def sparql(self, text: str, timeout: float = QUERY_TIMEOUT) -> Result:
        """An ad-hoc read-only query (updates refused, time-limited)."""
        return run_sparql(text, store=self.store(), endpoint=self.endpoint, timeout=timeout)


__all__ = ["Source", "QueryError", "catalogue", "STORE_ENV", "ENDPOINT_ENV"]
