"""The SPARQL 1.1 Protocol route: GET or POST a query, results as JSON, XML, CSV or TSV by Accept.

Every query goes through the guarded execution of ``graph.query.execute`` (read-only, SERVICE refused,
nesting bounded, time and memory limits in a worker process); a query stopped at a limit is an
error status with a one-line message, never a 200.
"""
from __future__ import annotations

from urllib.parse import parse_qs

import pyoxigraph as ox

from graph.serve.app import Request, Response, text
from graph.serve.negotiate import ranked

RESULT_TYPES = {  # media type -> pyoxigraph results format, first is the default
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}


def _accepts(header: str, offered: dict) -> str | None:
    """The offered media type the Accept header ranks highest; the first offered for */* or none."""
    if not header.strip():
        return next(iter(offered))
    for media in ranked(header):
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            matching = [m for m in offered if media == "*/*" or m.startswith(media[:-1])]
            if matching:
                return matching[0]
    return None


def _query_text(request: Request) -> tuple[str | None, Response | None]:
    if request.method in ("GET", "HEAD"):
        params = request.params
    elif request.method == "POST":
        kind = request.header("content-type").split(";")[0].strip().lower()
        if kind == "application/sparql-query":
            return request.body.decode("utf-8", errors="replace"), None
        if kind == "application/x-www-form-urlencoded":
            params = parse_qs(request.body.decode("utf-8", errors="replace"), keep_blank_values=True)
        else:
            return None, text(415, f"Content-Type {kind or '(none)'}: send application/sparql-query "
                                   "or application/x-www-form-urlencoded")
    else:
        return None, text(405, f"{request.method}: use GET or POST")
    if "update" in params:
        return None, text(403, "refused: this endpoint is read-only; updates are not accepted")
    if "default-graph-uri" in params or "named-graph-uri" in params:
        return None, text(400, "default-graph-uri and named-graph-uri are not supported: the default "
                               "graph is the union of the named graphs; use GRAPH in the query")
    values = params.get("query", [])
    if len(values) != 1 or not values[0].strip():
        return None, text(400, "give exactly one query (?query=… or a POST body)")
    return values[0], None


def handle(request: Request) -> Response:
    from graph.query import execute as queries

    query, problem = _query_text(request)
    if problem is not None:
        return problem
    try:
        form, payload = queries.execute(query, request.context.store, request.context.timeout)
    except (queries.QueryTimeout, queries.QueryMemoryError) as stopped:
        return text(503, str(stopped))
    except queries.QueryBusy as busy:
        response = text(503, str(busy))
        response.headers["Retry-After"] = "1"
        return response
    except queries.ReadOnlyError as refused:
        return text(403, str(refused))
    except (queries.QuerySyntaxError, queries.ServiceRefused, queries.ParameterError) as bad:
        return text(400, str(bad))
    except queries.QueryError as failed:
        return text(500, str(failed))
    if payload[:1] == b"R":
        media = _accepts(request.header("accept"), RESULT_TYPES)
        if media is None:
            return text(406, "Accept: results are offered as " + ", ".join(RESULT_TYPES))
        body = payload[1:]
        if RESULT_TYPES[media] is not ox.QueryResultsFormat.JSON:
            parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            body = parsed.serialize(format=RESULT_TYPES[media])
        charset = "; charset=utf-8" if media.startswith("text/") else ""
        return Response(200, body, media + charset)
    media = _accepts(request.header("accept"), GRAPH_TYPES)
    if media is None:
        return text(406, "Accept: graphs are offered as " + ", ".join(GRAPH_TYPES))
    quads = ox.parse(payload[1:], format=ox.RdfFormat.N_TRIPLES)
    body = ox.serialize((q.triple for q in quads), format=GRAPH_TYPES[media]) or b""
    return Response(200, body, media + ("; charset=utf-8" if media.startswith("text/") else ""))
