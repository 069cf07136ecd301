"""The front server's route table: ``(path prefix, handler)`` pairs; the longest matching prefix answers.

To add a route, add a line to ``ROUTES`` naming a function ``handler(request) -> Response`` as
``"package.module:function"``; the module is imported on the first request it answers, so a route
module may import what it likes. ``request.context`` carries the server's store path, limits and
query pool (``graph.serve.server.Context``).
"""
from __future__ import annotations

import importlib
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Optional
from urllib.parse import parse_qs

ROUTES: list[tuple[str, str]] = [
    ("/query", "graph.serve.linked:sparql"),        # a GET without a query: the Service Description
    ("/sparql", "graph.serve.linked:sparql"),
    ("/id", "graph.serve.linked:id_resource"),      # dereferenceable IRIs, negotiated (HTML, Turtle, ...)
    ("/ontology", "graph.serve.linked:ontology"),
    ("/ontology.html", "graph.serve.linked:ontology"),
    ("/ontology.ttl", "graph.serve.linked:ontology"),
    ("/ontology.jsonld", "graph.serve.linked:ontology"),
    ("/ontology.nt", "graph.serve.linked:ontology"),
    ("/.well-known/void", "graph.serve.linked:void"),
    ("/health", "graph.serve.app:health"),
    ("/", "graph.serve.app:index"),
]


@dataclass
class Request:
    method: str
    path: str                                  # without the query string
    query_string: str = ""
    headers: dict[str, str] = field(default_factory=dict)   # lower-case names
    body: bytes = b""
    context: Any = None

    @property
    def params(self) -> dict[str, list[str]]:
        return parse_qs(self.query_string, keep_blank_values=True)

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


def text(status: int, message: str) -> Response:
    """A plain-text answer, one line: used for every error status."""
    return Response(status, (message.rstrip("\n") + "\n").encode("utf-8"))


def as_json(status: int, value) -> Response:
    return Response(status, json.dumps(value, ensure_ascii=False).encode("utf-8"), "application/json")


def health(request: Request) -> Response:
    return as_json(200, {"status": "ok"})


def index(request: Request) -> Response:
    if request.path != "/":
        return text(404, f"{request.path}: no such resource (routes: {', '.join(p for p, _ in ROUTES)})")
    return text(200, "PlanKG: a read-only SPARQL 1.1 endpoint at /query (GET ?query=… or POST)")


def _load(target: str) -> Callable[[Request], Response]:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def find_route(path: str) -> Optional[tuple[str, str]]:
    """The route whose prefix is the longest one ``path`` starts with (a prefix ending without ``/``
    matches only itself or itself followed by ``/``)."""
    best = None
    for prefix, target in ROUTES:
        if path == prefix or path.startswith(prefix if prefix.endswith("/") else prefix + "/"):
            if best is None or len(prefix) > len(best[0]):
                best = (prefix, target)
    return best


def dispatch(request: Request) -> Response:
    """Answer one request; an error inside a handler is a one-line 500, never a dropped connection."""
    found = find_route(request.path)
    if found is None:
        known = ", ".join(prefix for prefix, _ in ROUTES)
        return text(404, f"{request.path}: no such resource (routes: {known})")
    try:
        return _load(found[1])(request)
    except Exception as problem:  # a broken handler must not take the server down
        return text(500, f"{request.path}: internal error — {type(problem).__name__}: {problem}")
