"""Check a query before it runs: read-only form, no SERVICE to unlisted endpoints, bounded nesting.

The check is lexical (comments, strings and IRIs are skipped; ``\\u`` escapes are decoded first, as
SPARQL does before parsing), so it costs microseconds and cannot itself be driven into a deep
recursion. Parsing proper is left to Oxigraph, inside a worker process.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from graph.query.errors import QuerySyntaxError, ReadOnlyError, ServiceRefused

READ_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
MAX_NESTING = 256          # Oxigraph's parser overflows its stack near 3,000 levels

_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<word>[A-Za-z_\u00c0-\uffff][\w.\-\u00b7\u00c0-\uffff]*(?::[^\s{}()\[\];,<>"']*)?|:[^\s{}()\[\];,<>"']*)
  | (?P<space>\s+)
  | (?P<char>.)
""", re.VERBOSE | re.DOTALL)
_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))")


@dataclass(frozen=True)
class Analysis:
    form: str                               # SELECT, ASK, CONSTRUCT or DESCRIBE
    projected: Optional[frozenset]          # variables a SELECT names; None for SELECT * and other forms
    depth: int                              # deepest nesting of { ( [
    services: tuple = ()                    # the SERVICE endpoints named (IRIs, or ?var)


def _unescape(text: str) -> str:
    def decode(m):
        code = int(m.group(2) or m.group(3), 16)
        return m.group(1) + (chr(code) if code <= 0x10FFFF else "\ufffd")
    return _ESCAPE.sub(decode, text) if "\\" in text else text


def _tokens(text: str) -> list[tuple[str, str]]:
    return [(m.lastgroup, m.group()) for m in _TOKEN.finditer(text) if m.lastgroup not in ("comment", "space")]


@lru_cache(maxsize=1024)
def analyse(text: str) -> Analysis:
    """The query's form, projection, nesting depth and SERVICE endpoints; updates raise ReadOnlyError."""
    tokens = _tokens(_unescape(text))
    form, at = _form(tokens)
    depth = deepest = 0
    services = []
    for i, (kind, token) in enumerate(tokens):
        if kind == "char" and token in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "char" and token in "})]":
            depth -= 1
        elif kind == "word" and token.upper() == "SERVICE":
            rest = [t for t in tokens[i + 1:i + 3]]
            if rest and rest[0][0] == "word" and rest[0][1].upper() == "SILENT":
                rest = rest[1:]
            services.append(rest[0][1] if rest else "")
    if deepest > MAX_NESTING:
        raise QuerySyntaxError(f"refused: the query is nested {deepest} levels deep; the limit is {MAX_NESTING}")
    return Analysis(form, _projection(tokens, at) if form == "SELECT" else None, deepest, tuple(services))


def _form(tokens) -> tuple[str, int]:
    i = 0
    while i < len(tokens):
        kind, token = tokens[i]
        word = token.upper() if kind == "word" else ""
        if word == "BASE":
            i += 2
        elif word == "PREFIX":
            i += 3
        elif word in READ_FORMS:
            return word, i
        elif word in UPDATE_WORDS:
            raise ReadOnlyError(f"refused: this is a SPARQL update ({word}); only SELECT, ASK, "
                                "CONSTRUCT and DESCRIBE queries are run")
        else:
            break
    found = tokens[i][1] if i < len(tokens) else "nothing"
    raise QuerySyntaxError(f"not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE, found {found[:40]!r}")


def _projection(tokens, at: int) -> Optional[frozenset]:
    names, parens, after_as = set(), 0, False
    for kind, token in tokens[at + 1:]:
        if kind == "char" and token == "*" and parens == 0:
            return None
        if kind == "char" and token == "(":
            parens += 1
        elif kind == "char" and token == ")":
            parens -= 1
        elif kind == "char" and token == "{" and parens == 0:
            break
        elif kind == "word" and token.upper() in ("WHERE", "FROM") and parens == 0:
            break
        elif kind == "word" and token.upper() == "AS":
            after_as = True
        elif kind == "var" and (parens == 0 or after_as):
            names.add(token[1:])
            after_as = False
    return frozenset(names)


def check_services(analysis: Analysis, allowed: Iterable[str] = ()) -> None:
    """Refuse SERVICE unless the endpoint is one the user configured (``PLANKG_SERVICE_ALLOW``)."""
    allowed = {a.strip().strip("<>") for a in allowed if a.strip()}
    for target in analysis.services:
        iri = target[1:-1] if target.startswith("<") else None
        if iri is None or iri not in allowed:
            shown = target or "(nothing)"
            why = ("only endpoints listed in PLANKG_SERVICE_ALLOW may be called" if allowed
                   else "federated queries are off; list allowed endpoints in PLANKG_SERVICE_ALLOW")
            raise ServiceRefused(f"refused: SERVICE {shown} — {why}")
