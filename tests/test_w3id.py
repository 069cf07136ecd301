"""The w3id.org redirect rules (docs/w3id/.htaccess), evaluated as Apache would, land on routes plankg serve answers."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.serve.app import find_route
from graph.serve.resources import resource

HTACCESS = Path(__file__).resolve().parent.parent / "docs" / "w3id" / ".htaccess"
HOST = "https://plankg.example.org"


def rules() -> list[tuple[list[str], re.Pattern, str, str]]:
    """(Accept conditions, pattern, target, flags) of every RewriteRule, in order."""
    found, conditions = [], []
    for line in HTACCESS.read_text(encoding="utf-8").splitlines():
        if line.startswith("RewriteCond %{HTTP_ACCEPT} "):
            conditions.append(line.split(" ", 2)[2])
        elif line.startswith("RewriteRule "):
            _, pattern, target, flags = line.split(" ")
            found.append((conditions, re.compile(pattern), target, flags))
            conditions = []
    assert len(found) > 5
    return found


def redirect(path: str, accept: str = "") -> tuple[str, str]:
    """Where w3id sends ``https://w3id.org/plankg/<path>``: (target URL, flags)."""
    for conditions, pattern, target, flags in rules():
        if any(not re.search(c, accept) for c in conditions):
            continue
        match = pattern.match(path)
        if match:
            return re.sub(r"\$(\d)", lambda m: match.group(int(m.group(1))), target), flags
    raise AssertionError(f"no rule for {path!r}")


@pytest.mark.parametrize("path, accept, expected", [
    ("id/plan/330300-2021-2025-disability", "text/html,application/xhtml+xml,*/*;q=0.8", "/id/plan/330300-2021-2025-disability.html"),
    ("id/plan/330300-2021-2025-disability/measure/2.1-m4", "text/turtle", "/id/plan/330300-2021-2025-disability/measure/2.1-m4.ttl"),
    ("id/concept/indicator/disability-home-coverage", "application/ld+json", "/id/concept/indicator/disability-home-coverage.jsonld"),
    ("id/dataset", "application/n-triples", "/id/dataset.nt"),
    ("id/dataset.ttl", "text/html", "/id/dataset.ttl"),
    ("ontology", "", "/ontology.html"),
    ("ontology", "text/turtle", "/ontology.ttl"),
])
def test_iris_redirect_to_a_page_of_one_format_that_the_server_answers(store, path, accept, expected):
    target, flags = redirect(path, accept)
    assert target == HOST + expected and "R=303" in flags
    local = target[len(HOST):]
    assert find_route(local) is not None
    if local.startswith("/id/"):
        assert resource(store, local).status == 200


def test_the_sparql_endpoint_keeps_method_and_query():
    target, flags = redirect("sparql")
    assert target == HOST + "/query" and "R=307" in flags and "QSA" in flags
    assert find_route("/query") == ("/query", "graph.serve.linked:sparql")
