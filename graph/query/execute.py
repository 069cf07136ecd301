"""Run catalogue and ad-hoc SPARQL queries, read-only and time-limited, on the embedded store or an endpoint.

Values enter a query only as typed RDF terms: ``substitutions`` on the embedded Oxigraph store, a
``VALUES`` block built from serialized terms for a remote endpoint. Every query is checked first
(``guard``): anything but SELECT, ASK, CONSTRUCT or DESCRIBE, a SERVICE the user did not allow and
deep nesting are refused. On a store given by its folder a query runs in the worker pool (``pool``)
under time and memory limits. The queries expect the default graph to be the union of the named
graphs (one per plan plus the shared vocabulary graph).
"""
from __future__ import annotations

import http.client
import math
import os
import socket
import threading
import urllib.error
import urllib.parse
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Optional, Union

import pyoxigraph as ox

from graph.config import settings
from graph.query.bindings import INTEGER_TYPES, XSD, bind, to_term, with_values  # noqa: F401  (part of this module's API)
from graph.query.catalogue import CatalogueQuery, load_catalogue
from graph.query.inprocess import evaluate, run_forked, run_threaded, syntax_message
from graph.query.order import sort_rows, take_order
from graph.query.errors import (  # noqa: F401  (part of this module's API)
    EndpointError, ParameterError, QueryBusy, QueryError, QueryMemoryError, QuerySyntaxError, QueryTimeout,
    ReadOnlyError, ServiceRefused)

class _Configured(float):
    """The default time limit: ``PLANKG_QUERY_TIMEOUT`` (``graph.config``) as it is when a query runs."""

    def __repr__(self) -> str:
        return "DEFAULT_TIMEOUT"


DEFAULT_TIMEOUT = _Configured(settings().query_timeout)      # the value at import, for display; see _limit


def _limit(timeout: Optional[float]) -> Optional[float]:
    """The time limit to apply: the configured one when the caller left the default, else theirs (None: none)."""
    return settings().query_timeout if isinstance(timeout, _Configured) else timeout


_FLOAT_TYPES = {XSD + "decimal", XSD + "double", XSD + "float"}

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple]


@dataclass
class Result:
    """Rows of a SELECT (terms or None, in column order), an ASK boolean, or CONSTRUCT triples."""
    form: str
    columns: list[str] = field(default_factory=list)
    rows: list[tuple[Optional[Term], ...]] = field(default_factory=list)
    boolean: Optional[bool] = None
    triples: list[ox.Triple] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows) if self.form == "SELECT" else len(self.triples)

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts keyed by column name, with plain Python values (see ``to_python``)."""
        return [{c: to_python(t) for c, t in zip(self.columns, row)} for row in self.rows]


def to_python(term: Optional[Term]) -> Any:
    """An RDF term as a plain value: IRIs as strings, numbers as int/float, booleans as bool."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in INTEGER_TYPES:
                return int(term.value)
            if datatype in _FLOAT_TYPES:
                return float(term.value)
        except ValueError:
            return term.value
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    return str(term)


# ---------------------------------------------------------------------------------------------
# Read-only guard
# ---------------------------------------------------------------------------------------------

def _analyse(text: str, *, embedded: bool = False) -> tuple[str, Optional[frozenset]]:
    """The query form and the variables its SELECT clause names (None for ``SELECT *``).

    ``embedded``: the query runs here, so SERVICE may only call the endpoints the user allows (a
    remote endpoint decides for itself whom it calls).
    """
    from graph.query.guard import analyse, check_services

    found = analyse(text)
    if embedded:
        check_services(found, settings().service_allow)
    return found.form, found.projected


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; an update raises ReadOnlyError."""
    return _analyse(text)[0]


# ---------------------------------------------------------------------------------------------
# Execution
# ---------------------------------------------------------------------------------------------

def _bound_text(text: str, form: str, bindings: Mapping[str, Term], inline: Iterable[str] = ()) -> str:
    bound = with_values(text, bindings, inline)
    if bindings and query_form(bound) != form:  # still the same single read-only query
        raise ParameterError("binding the parameters changed the query's form")
    return bound


def _deserialize(form: str, payload: bytes) -> Result:
    kind, body = payload[:1], payload[1:]
    if kind == b"T":
        quads = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
        return Result(form, triples=[q.triple for q in quads])
    parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV if kind == b"S" else ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QueryBoolean):
        return Result(form, boolean=bool(parsed))
    columns = [v.value for v in parsed.variables]
    # a solution iterates over its values in the order of the variables, unbound ones as None (half the
    # time of looking each up by name: 16,800 rows of 7 columns, 123 against 274 ms)
    return Result(form, columns=columns, rows=[tuple(solution) for solution in parsed])


def _run_pooled(path: str, text: str, substitutions: dict, timeout: float, results: str = "json") -> bytes:
    """The worker's payload (see ``worker.answer``); ``results``: ``"tsv"`` for solutions read back here,
    ``"json"`` for those passed on as they are (``execute``)."""
    from graph.query.pool import pool_for

    config = settings()
    kind, payload = pool_for(path, config.query_workers, config.query_memory_mb).run(
        {"text": text, "substitutions": substitutions, "results": results}, timeout)
    if kind == "ok":
        return payload
    if kind == "syntax":
        raise QuerySyntaxError(syntax_message(payload))
    if kind == "memory":
        raise QueryMemoryError(f"query stopped: it needed more than the memory limit of {config.query_memory_mb} MB")
    raise QueryError(f"query failed: {payload}")


def _into_subqueries(text: str, bindings: Mapping[str, Term]) -> bool:
    """Whether a sub-SELECT joined in the WHERE group projects one of the bound variables."""
    from graph.query.bindings import joined_subqueries

    if not bindings or "SELECT" not in text.upper().split("WHERE", 1)[-1]:
        return False
    return any(projected is None or set(bindings) & projected for _, projected in joined_subqueries(text))


def store_path(store) -> Optional[str]:
    """The folder of an on-disk store given as a path; None for an ``ox.Store`` object."""
    if isinstance(store, (str, os.PathLike)):
        return os.fspath(store)
    return None


def embedded_text(text: str, form: str, projected: Optional[frozenset],
                  bindings: Mapping[str, Term], inline: Iterable[str] = ()) -> tuple[str, dict[str, Term]]:
    """The query text and the substitutions Oxigraph is given for these parameters.

    Oxigraph 0.5 substitutes only variables the SELECT clause names, and only outside sub-SELECTs;
    other parameters, and those a sub-SELECT projects, travel in VALUES blocks of the same typed
    terms (also opening that sub-SELECT: see with_values), as they do for remote endpoints. An
    ``inline`` parameter that only FILTER expressions use is written into them as its term (see
    inline_filter_terms): Oxigraph then tests it where it narrows the most."""
    from graph.query.bindings import inline_filter_terms

    text, bindings = inline_filter_terms(text, bindings, inline)
    if projected is not None and set(bindings) <= projected and not _into_subqueries(text, bindings):
        return text, dict(bindings)
    return _bound_text(text, form, bindings), {}


def _run_embedded(store, text: str, form: str, projected: Optional[frozenset],
                  bindings: Mapping[str, Term], timeout: Optional[float], inline: Iterable[str] = ()) -> Result:
    text, substitutions = embedded_text(text, form, projected, bindings, inline)
    unsorted, keys = take_order(text, projected) if form == "SELECT" and text not in _ENGINE_ORDERED else (text, ())
    if keys:                            # the final ORDER BY sorted here (see graph.query.order)
        result = _deserialize(form, _embedded_payload(store, unsorted, substitutions, timeout))
        rows = sort_rows(result.columns, result.rows, keys)
        if rows is not None:
            result.rows = rows
            return result
        if len(_ENGINE_ORDERED) >= 1024:
            _ENGINE_ORDERED.clear()
        _ENGINE_ORDERED.add(text)       # literals only Oxigraph orders: sorted by it from now on
    return _deserialize(form, _embedded_payload(store, text, substitutions, timeout))


# query texts whose rows Oxigraph sorts itself (a sort key column held literals graph.query.order leaves to it)
_ENGINE_ORDERED: set[str] = set()


def _embedded_payload(store, text: str, substitutions: Mapping[str, Term], timeout: Optional[float]) -> bytes:
    path = store_path(store)
    if path is not None:
        return _run_pooled(path, text, dict(substitutions), timeout or settings().query_timeout, "tsv")
    variables = {ox.Variable(name): term for name, term in substitutions.items()}
    if timeout is None:
        try:
            return evaluate(store, text, variables)
        except SyntaxError as problem:
            raise QuerySyntaxError(syntax_message(str(problem))) from None
    if hasattr(os, "fork") and threading.active_count() == 1:
        return run_forked(store, text, variables, timeout, settings().query_memory_mb)
    return run_threaded(store, text, variables, timeout)


def check_endpoint(endpoint: str) -> str:
    """An http(s) URL with a host, else EndpointError (a file: URL would read a local file)."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EndpointError("not an http:// or https:// URL", f"--endpoint {endpoint}")
    return endpoint


def _run_remote(endpoint: str, text: str, form: str, bindings: Mapping[str, Term],
                timeout: Optional[float], inline: Iterable[str] = ()) -> Result:
    from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper  # only remote queries need the client
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    check_endpoint(endpoint)
    bound = _bound_text(text, form, bindings, inline)
    client = SPARQLWrapper(endpoint)
    client.setQuery(bound)
    client.setMethod(POST)
    client.setReturnFormat(JSON if form in ("SELECT", "ASK") else TURTLE)
    timeout = settings().query_timeout if timeout is None else timeout
    client.setTimeout(max(1, math.ceil(timeout)))
    try:
        body = client.query().response.read()
    except (socket.timeout, TimeoutError):
        raise QueryTimeout(f"did not answer within {timeout:g} s", endpoint) from None
    except urllib.error.HTTPError as problem:
        raise EndpointError(f"HTTP {problem.code} {problem.reason}", endpoint) from None
    except urllib.error.URLError as problem:
        if isinstance(problem.reason, (socket.timeout, TimeoutError)):
            raise QueryTimeout(f"did not answer within {timeout:g} s", endpoint) from None
        raise EndpointError(f"{problem.reason}", endpoint) from None
    except SPARQLWrapperException as problem:
        raise EndpointError(f"{' '.join(str(problem).split())[:300]}", endpoint) from None
    except (OSError, ValueError, http.client.HTTPException) as problem:
        raise EndpointError(f"{type(problem).__name__}: {problem}", endpoint) from None
    try:
        if form in ("SELECT", "ASK"):
            return _deserialize(form, b"R" + body)
        return Result(form, triples=[q.triple for q in ox.parse(body, format=ox.RdfFormat.TURTLE)])
    except (SyntaxError, ValueError) as problem:
        start = " ".join(body[:60].decode(errors="replace").split())
        raise EndpointError(f"the answer is not a SPARQL result ({problem}); it starts {start!r}", endpoint) from None


def run_sparql(text: str, *, store=None, endpoint: Optional[str] = None,
               bindings: Optional[Mapping[str, Term]] = None,
               timeout: Optional[float] = DEFAULT_TIMEOUT, inline: Iterable[str] = ()) -> Result:
    """Run one read-only query on the embedded store or at a SPARQL endpoint URL (exactly one).

    ``store`` is the folder of an on-disk store (str or Path: the query runs in a long-lived
    read-only worker process with time and memory limits) or an ``ox.Store`` object (an in-memory
    store runs in a forked child with the same limits; from a multi-threaded process, in a thread
    that is abandoned, not stopped, at the time limit). ``inline``: the bindings to write into the
    FILTERs that use them (a catalogue parameter's ``inline: true``; see inline_filter_terms).
    """
    if (store is None) == (endpoint is None):
        raise ValueError("give either a store or an endpoint")
    form, projected = _analyse(text, embedded=store is not None)
    bindings = dict(bindings or {})
    timeout = _limit(timeout)
    if store is not None:
        return _run_embedded(store, text, form, projected, bindings, timeout, inline)
    return _run_remote(endpoint, text, form, bindings, timeout, inline)


def execute(text: str, store, timeout: Optional[float] = None) -> tuple[str, bytes]:
    """An ad-hoc query on an on-disk store folder, as the worker serialized it: ``(form, payload)``,
    the payload ``b"R"`` + SPARQL results JSON or ``b"T"`` + N-Triples (for servers that pass it on)."""
    form, _ = _analyse(text, embedded=True)
    path = store_path(store)
    if path is None:
        raise ValueError("execute needs the folder of an on-disk store")
    return form, _run_pooled(path, text, {}, timeout or settings().query_timeout)


def catalogue(directory=None) -> dict[str, CatalogueQuery]:
    return load_catalogue(directory)


def get_query(name: str, directory=None) -> CatalogueQuery:
    queries = load_catalogue(directory)
    if name not in queries:
        raise QueryError(f"no query named {name!r} in the catalogue (known: {', '.join(sorted(queries))})")
    return queries[name]


def run_query(query: Union[str, CatalogueQuery], params: Optional[Mapping[str, str]] = None, *,
              store=None, endpoint: Optional[str] = None,
              timeout: Optional[float] = DEFAULT_TIMEOUT, directory=None) -> Result:
    """Run a catalogue query by name with its parameters given as text (typed by the header)."""
    if isinstance(query, str):
        query = get_query(query, directory)
    return run_sparql(query.text, store=store, endpoint=endpoint, bindings=bind(query, params),
                      timeout=timeout, inline=query.inlined)
