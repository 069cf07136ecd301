"""Run catalogue and ad-hoc SPARQL queries, read-only and time-limited, on the embedded store or an endpoint.

Values enter a query only as typed RDF terms: ``substitutions`` on the embedded Oxigraph store, a
``VALUES`` block built from serialized terms for a remote endpoint. Every query is parsed first and
anything but SELECT, ASK, CONSTRUCT or DESCRIBE is refused. The queries expect the default graph to
be the union of the named graphs (one per plan plus the shared vocabulary graph).
"""
from __future__ import annotations

import math
import os
import select
import signal
import socket
import threading
import time
import urllib.error
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Mapping, Optional, Union

import pyoxigraph as ox

from graph.query.bindings import XSD, bind, to_term, with_values  # noqa: F401  (part of this module's API)
from graph.query.catalogue import CatalogueQuery, load_catalogue
from graph.query.errors import (  # noqa: F401  (part of this module's API)
    EndpointError, ParameterError, QueryError, QuerySyntaxError, QueryTimeout, ReadOnlyError)

DEFAULT_TIMEOUT = 30.0
_INTEGER_TYPES = {XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort",
    "unsignedByte")}
_FLOAT_TYPES = {XSD + "decimal", XSD + "double", XSD + "float"}
READ_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")

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
            if datatype in _INTEGER_TYPES:
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

@lru_cache(maxsize=512)
def _analyse(text: str) -> tuple[str, frozenset]:
    """The query form and the variables its SELECT clause names; updates raise ReadOnlyError."""
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
    try:
        parsed = parseQuery(text)
    except Exception as query_problem:  # pyparsing's ParseException and friends
        try:
            update = parseUpdate(text)
        except Exception:
            raise QuerySyntaxError(f"not a valid SPARQL query: {query_problem}") from None
        operations = [op.name for op in update.request] if update.request else []
        raise ReadOnlyError(
            "refused: this is a SPARQL update (" + (", ".join(operations) or "empty") + "); "
            "only SELECT, ASK, CONSTRUCT and DESCRIBE queries are run") from None
    form = parsed[1].name.replace("Query", "").upper()
    if form not in READ_FORMS:
        raise ReadOnlyError(f"refused: {form} is not a read-only query form")
    projection = parsed[1].get("projection") if form == "SELECT" else None
    projected = frozenset(str(item["evar"] if "evar" in item else item["var"]) for item in (projection or []))
    return form, projected


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE, decided by parsing; an update raises ReadOnlyError."""
    return _analyse(text)[0]


# ---------------------------------------------------------------------------------------------
# Execution
# ---------------------------------------------------------------------------------------------

def _bound_text(text: str, form: str, bindings: Mapping[str, Term]) -> str:
    bound = with_values(text, bindings)
    if bindings and query_form(bound) != form:  # still the same single read-only query
        raise ParameterError("binding the parameters changed the query's form")
    return bound


def _serialize(answer) -> bytes:
    if isinstance(answer, (ox.QuerySolutions, ox.QueryBoolean)):
        return b"R" + answer.serialize(format=ox.QueryResultsFormat.JSON)
    return b"T" + answer.serialize(format=ox.RdfFormat.N_TRIPLES)


def _deserialize(form: str, payload: bytes) -> Result:
    kind, body = payload[:1], payload[1:]
    if kind == b"T":
        quads = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
        return Result(form, triples=[q.triple for q in quads])
    parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QueryBoolean):
        return Result(form, boolean=bool(parsed))
    columns = [v.value for v in parsed.variables]
    return Result(form, columns=columns, rows=[tuple(s[c] for c in columns) for s in parsed])


def _evaluate(store: ox.Store, text: str, substitutions: dict) -> bytes:
    answer = store.query(text, use_default_graph_as_union=True, substitutions=substitutions)
    return _serialize(answer)


def _run_forked(store: ox.Store, text: str, substitutions: dict, timeout: float) -> bytes:
    """Evaluate in a forked child that shares the store's pages; kill it when the time is up."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never returns
        code = 0
        try:
            os.close(read_end)
            try:
                payload = _evaluate(store, text, substitutions)
            except SyntaxError as problem:
                payload, code = f"syntax: {problem}".encode(), 3
            except Exception as problem:  # evaluation errors of any kind travel back as text
                payload, code = f"{type(problem).__name__}: {problem}".encode(), 4
            view = memoryview(payload)
            while view:
                view = view[os.write(write_end, view):]
        finally:
            os._exit(code)
    os.close(write_end)
    chunks, deadline = [], time.monotonic() + timeout
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([read_end], [], [], remaining)[0]:
                os.kill(pid, signal.SIGKILL)
                raise QueryTimeout(f"query stopped after its time limit of {timeout:g} s")
            chunk = os.read(read_end, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    payload = b"".join(chunks)
    if code == 3:
        raise QuerySyntaxError(payload.decode(errors="replace"))
    if code != 0:
        raise QueryError(f"query failed: {payload.decode(errors='replace') or f'exit status {code}'}")
    return payload


def _run_threaded(store: ox.Store, text: str, substitutions: dict, timeout: float) -> bytes:
    """Where fork is missing: a daemon thread, abandoned (not stopped) when the time is up."""
    box: dict = {}

    def work():
        try:
            box["payload"] = _evaluate(store, text, substitutions)
        except Exception as problem:
            box["error"] = problem

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryTimeout(f"query stopped after its time limit of {timeout:g} s")
    if "error" in box:
        problem = box["error"]
        raise (QuerySyntaxError if isinstance(problem, SyntaxError) else QueryError)(str(problem))
    return box["payload"]


def _run_embedded(store: ox.Store, text: str, form: str, bindings: Mapping[str, Term],
                  timeout: Optional[float]) -> Result:
    # Oxigraph 0.5 substitutes only variables the SELECT clause names; other parameters travel
    # in a VALUES block of the same typed terms, as they do for remote endpoints.
    if set(bindings) <= _analyse(text)[1]:
        substitutions = {ox.Variable(name): term for name, term in bindings.items()}
    else:
        text, substitutions = _bound_text(text, form, bindings), {}
    if timeout is None:
        try:
            return _deserialize(form, _evaluate(store, text, substitutions))
        except SyntaxError as problem:
            raise QuerySyntaxError(str(problem)) from None
    runner = _run_forked if hasattr(os, "fork") else _run_threaded
    return _deserialize(form, runner(store, text, substitutions, timeout))


def _run_remote(endpoint: str, text: str, form: str, bindings: Mapping[str, Term],
                timeout: Optional[float]) -> Result:
    from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    bound = _bound_text(text, form, bindings)
    client = SPARQLWrapper(endpoint)
    client.setQuery(bound)
    client.setMethod(POST)
    client.setReturnFormat(JSON if form in ("SELECT", "ASK") else TURTLE)
    if timeout is not None:
        client.setTimeout(max(1, math.ceil(timeout)))
    try:
        body = client.query().response.read()
    except (socket.timeout, TimeoutError):
        raise QueryTimeout(f"{endpoint} did not answer within {timeout:g} s") from None
    except urllib.error.URLError as problem:
        if isinstance(problem.reason, (socket.timeout, TimeoutError)):
            raise QueryTimeout(f"{endpoint} did not answer within {timeout:g} s") from None
        raise EndpointError(f"{endpoint}: {problem.reason}") from None
    except SPARQLWrapperException as problem:
        raise EndpointError(f"{endpoint}: {problem}") from None
    if form in ("SELECT", "ASK"):
        return _deserialize(form, b"R" + body)
    triples = [q.triple for q in ox.parse(body, format=ox.RdfFormat.TURTLE)]
    return Result(form, triples=triples)


def run_sparql(text: str, *, store: Optional[ox.Store] = None, endpoint: Optional[str] = None,
               bindings: Optional[Mapping[str, Term]] = None,
               timeout: Optional[float] = DEFAULT_TIMEOUT) -> Result:
    """Run one read-only query on the embedded store or at a SPARQL endpoint URL (exactly one)."""
    if (store is None) == (endpoint is None):
        raise ValueError("give either a store or an endpoint")
    form = query_form(text)
    bindings = dict(bindings or {})
    if store is not None:
        return _run_embedded(store, text, form, bindings, timeout)
    return _run_remote(endpoint, text, form, bindings, timeout)


def catalogue(directory=None) -> dict[str, CatalogueQuery]:
    return load_catalogue(directory)


def get_query(name: str, directory=None) -> CatalogueQuery:
    queries = load_catalogue(directory)
    if name not in queries:
        raise QueryError(f"no query named {name!r} in the catalogue (known: {', '.join(sorted(queries))})")
    return queries[name]


def run_query(query: Union[str, CatalogueQuery], params: Optional[Mapping[str, str]] = None, *,
              store: Optional[ox.Store] = None, endpoint: Optional[str] = None,
              timeout: Optional[float] = DEFAULT_TIMEOUT, directory=None) -> Result:
    """Run a catalogue query by name with its parameters given as text (typed by the header)."""
    if isinstance(query, str):
        query = get_query(query, directory)
    return run_sparql(query.text, store=store, endpoint=endpoint, bindings=bind(query, params),
                      timeout=timeout)
