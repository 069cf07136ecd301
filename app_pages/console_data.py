"""The SPARQL console as plain data: declared prefixes, running a query readably, CSV and SPARQL-JSON results."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from app_pages.data import QueryError, Source



def limits() -> tuple[float, int]:
    """Seconds a console query may run and rows it shows (graph.config: PLANKG_CONSOLE_TIMEOUT, _ROWS)."""
    from graph.config import settings

    config = settings()
    return config.console_timeout, config.console_rows


def prefixes() -> dict[str, str]:
    from graph.rdf.namespace import PREFIXES

    return dict(PREFIXES)


def prefix_block() -> str:
    return "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in prefixes().items())


def with_prefixes(text: str) -> str:
    """The query with the project's prefixes it uses but does not declare added in front."""
    missing = [f"PREFIX {p}: <{ns}>" for p, ns in prefixes().items()
               if re.search(rf"(?<![\w:]){re.escape(p)}:", text)
               and not re.search(rf"PREFIX\s+{re.escape(p)}:", text, re.I)]
    return "\n".join(missing + [text]) if missing else text


@dataclass
class Answer:
    columns: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)     # RDF terms (or None)
    error: str | None = None
    truncated: bool = False
    form: str = "SELECT"

    def records(self) -> list[dict]:
        from graph.query import to_python

        return [{c: to_python(v) for c, v in zip(self.columns, row)} for row in self.rows]

    def sparql_json(self) -> bytes:
        """The rows in the SPARQL 1.1 Query Results JSON format."""
        import pyoxigraph as ox

        def term(value):
            if isinstance(value, ox.NamedNode):
                return {"type": "uri", "value": value.value}
            if isinstance(value, ox.BlankNode):
                return {"type": "bnode", "value": value.value}
            out = {"type": "literal", "value": value.value}
            if value.language:
                out["xml:lang"] = value.language
            elif value.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
                out["datatype"] = value.datatype.value
            return out

        bindings = [{c: term(v) for c, v in zip(self.columns, row) if v is not None} for row in self.rows]
        return json.dumps({"head": {"vars": self.columns}, "results": {"bindings": bindings}},
                          ensure_ascii=False, indent=1).encode("utf-8")


def run(source: Source, text: str, timeout: float | None = None, name: str | None = None,
        params: dict | None = None) -> Answer:
    """A catalogue query with its parameters, or the user's own text; every failure comes back as a message."""
    default_timeout, row_limit = limits()
    timeout = timeout or default_timeout
    if not text.strip() and name is None:
        return Answer(error="the query is empty: write a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    try:
        if name is not None:
            result = source.result(name, timeout=timeout, **(params or {}))
        else:
            result = source.sparql(with_prefixes(text), timeout=timeout)
    except QueryError as exc:
        return Answer(error=str(exc))
    except (ValueError, TypeError, KeyError) as exc:
        return Answer(error=f"the query could not be run: {exc}")
    if result.form == "ASK":
        import pyoxigraph as ox

        return Answer(["answer"], [(ox.Literal(result.boolean),)], form="ASK")
    if result.form == "SELECT":
        return Answer(list(result.columns), list(result.rows[:row_limit]), truncated=len(result.rows) > row_limit)
    triples = [(t.subject, t.predicate, t.object) for t in result.triples[:row_limit]]
    return Answer(["subject", "predicate", "object"], triples, truncated=len(result.triples) > row_limit,
                  form=result.form)
