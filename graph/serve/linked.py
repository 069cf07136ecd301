"""Routes of ``plankg serve`` for linked data: /id/..., /ontology, /.well-known/void, and the Service Description at /query."""
from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox

from graph.serve.app import Request, Response
from graph.serve.negotiate import HTML, choose
from graph.serve.resources import Answer, not_acceptable, ontology as ontology_answer, resource, serialize


@lru_cache(maxsize=4)
def _store(path: str) -> ox.Store:
    """The built store, opened read-only once per server (a rebuild needs a restart, as for the query workers)."""
    return ox.Store.read_only(path)


def _response(answer: Answer, request: Request) -> Response:
    return Response(answer.status, answer.body, answer.content_type, dict(answer.headers))


def _get_only(request: Request):
    if request.method not in ("GET", "HEAD"):
        return Response(405, f"{request.method} {request.path}: use GET\n".encode(), headers={"Allow": "GET, HEAD"})
    return None


def id_resource(request: Request) -> Response:
    refused = _get_only(request)
    if refused:
        return refused
    return _response(resource(_store(request.context.store), request.path, request.header("accept")), request)


def ontology(request: Request) -> Response:
    refused = _get_only(request)
    if refused:
        return refused
    return _response(ontology_answer(request.path, request.header("accept")), request)


def void(request: Request) -> Response:
    """The dataset description (VoID, DCAT): the page of the dataset IRI, in the format asked for."""
    refused = _get_only(request)
    if refused:
        return refused
    from graph.rdf.describe import DATASET
    from graph.serve.resources import BASE

    return _response(resource(_store(request.context.store), DATASET[len(BASE):], request.header("accept")), request)


def sparql(request: Request) -> Response:
    """A query goes to the SPARQL route; a GET without one gets the Service Description (SPARQL 1.1 SD)."""
    from graph.serve.sparql import handle

    if request.method in ("GET", "HEAD") and "query" not in request.params and "update" not in request.params:
        return service_description(request)
    return handle(request)


def service_description(request: Request) -> Response:
    from graph.rdf.store import graph_counts
    from graph.serve.service import service_description as describe

    accept = request.header("accept")
    media = choose(accept)
    if media is None:
        return _response(not_acceptable(accept), request)
    if media == HTML:  # the description is data; browsers get it as Turtle they can read
        media = "text/turtle"
    host = request.header("host") or "127.0.0.1"
    triples = describe(f"http://{host}{request.path}", graph_counts(_store(request.context.store)))
    content_type = media if media == "application/n-triples" else f"{media}; charset=utf-8"
    return Response(200, serialize(triples, media), content_type, {"Vary": "Accept"})


__all__ = ["id_resource", "ontology", "void", "sparql", "service_description"]
