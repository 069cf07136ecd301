"""Where the app reads the graph, as plain data: the embedded store (``PLANKG_STORE``) or any SPARQL endpoint (``PLANKG_ENDPOINT``).

Nothing here imports Streamlit; the pages lay out what these functions return. Defaults come from
``graph.config`` like everywhere else.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.config import settings
from graph.query import QueryError, Result, catalogue as load_catalogue, run_query, run_sparql


@lru_cache(maxsize=1)
def catalogue() -> dict:
    """The query catalogue, read and checked once per process (reading it parses every file)."""
    return load_catalogue()


@lru_cache(maxsize=4)
def _open_store(path: str):
    """The store object, read-only (for SHACL validation, which reads whole graphs); a clear error if there is none."""
    from graph.rdf.folder import open_existing

    return open_existing(Path(path))[0]


@dataclass(frozen=True)
class Source:
    """A read-only graph to query: a store path, or an endpoint URL (then no store is opened)."""
    store_path: str | None = None
    endpoint: str | None = None
    timeout: float = 30.0

    @classmethod
    def from_environment(cls) -> "Source":
        config = settings()
        if config.endpoint:
            return cls(endpoint=config.endpoint.strip(), timeout=config.query_timeout)
        return cls(store_path=str(config.store), timeout=config.query_timeout)

    @property
    def description(self) -> str:
        return f"SPARQL endpoint {self.endpoint}" if self.endpoint else f"store {self.store_path} (read-only)"

    def store(self):
        """What queries run on: the store's folder (a read-only worker process, stopped at the time limit);
        ``None`` when reading an endpoint."""
        return None if self.endpoint else self.store_path

    def open(self):
        """The embedded store object, opened read-only once per path (for validation)."""
        return _open_store(self.store_path)

    def check(self) -> None:
        """Raise PlanKGError/OSError (no store) or QueryError (endpoint unreachable) when there is nothing to read."""
        if self.endpoint:
            self.sparql("ASK { ?s ?p ?o }", timeout=10)
        else:
            self.open()

    def result(self, name: str, timeout: float | None = None, **params) -> Result:
        """A catalogue query's result; parameters given as text, empty ones left unset."""
        clean = {k: str(v) for k, v in params.items() if v not in (None, "")}
        return run_query(catalogue()[name], clean, store=self.store(), endpoint=self.endpoint,
                         timeout=timeout or self.timeout)

    def rows(self, name: str, **params) -> list[dict]:
        """A catalogue query's rows as dicts of plain values."""
        return self.result(name, **params).records()

    def sparql(self, text: str, timeout: float | None = None) -> Result:
        """An ad-hoc read-only query (updates refused, time-limited)."""
        return run_sparql(text, store=self.store(), endpoint=self.endpoint, timeout=timeout or self.timeout)


__all__ = ["Source", "QueryError", "catalogue"]
