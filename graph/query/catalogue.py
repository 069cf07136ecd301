"""The query catalogue: ``queries/*.rq`` files and the ``#+`` headers that document them.

A header is the run of ``#+`` lines a file opens with, in YAML (grlc style, read with PyYAML's safe loader)::

    #+ summary: Plans with region, period and counts
    #+ summary_zh: 各规划的地区、期限与数量
    #+ tags:
    #+   - plans
    #+ params:
    #+   - name: plan
    #+     type: iri
    #+     default: https://w3id.org/plankg/id/...
    #+     description: the plan
    #+ columns:
    #+   - plan: the plan
    #+   - title: its title as printed

``queries/README.md`` documents the keys; errors name the file and line.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import yaml
from rdflib.plugins.sparql.algebra import translateQuery, traverse
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.term import Variable

from graph.config import QUERIES_DIR as DEFAULT_DIR

PARAM_TYPES = ("iri", "string", "integer", "decimal", "boolean", "date", "year")
REQUIRED_KEYS = ("summary", "summary_zh", "tags", "columns")
KNOWN_KEYS = REQUIRED_KEYS + ("description", "params")
PARAM_KEYS = ("name", "type", "default", "required", "description", "inline")

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PREFIX = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)


class CatalogueError(ValueError):
    """A catalogue file whose header is missing or malformed."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str
    default: Optional[str] = None
    required: bool = False
    inline: bool = False        # written into the FILTERs that use it (bindings.inline_filter_terms)


@dataclass(frozen=True)
class Column:
    name: str
    description: str


@dataclass(frozen=True)
class CatalogueQuery:
    name: str
    path: Path
    text: str                   # the whole file, header included (a comment to SPARQL)
    summary: str                # English
    summary_zh: str
    description: str
    tags: tuple[str, ...]
    params: tuple[Param, ...]
    columns: tuple[Column, ...]
    prefixes: dict[str, str] = field(default_factory=dict)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def inlined(self) -> frozenset:
        """The parameters written into the FILTERs that use them rather than bound by VALUES."""
        return frozenset(p.name for p in self.params if p.inline)

    def param(self, name: str) -> Optional[Param]:
        return next((p for p in self.params if p.name == name), None)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "summary": self.summary,
            "summary_zh": self.summary_zh,
            "description": self.description,
            "tags": list(self.tags),
            "parameters": [
                {"name": p.name, "type": p.type, "default": p.default,
                 "required": p.required, "description": p.description}
                for p in self.params
            ],
            "columns": [{"name": c.name, "description": c.description} for c in self.columns],
            "file": self.path.name,
        }


def _header_lines(path: Path, text: str) -> list[tuple[int, str]]:
    lines = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#+"):
            lines.append((number, line[2:]))
        elif line.strip() == "" and not lines:
            continue
        else:
            break
    if not lines:
        raise CatalogueError(f"{path}:1: expected a '#+' header (summary, summary_zh, tags, columns)")
    return lines


class _HeaderLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing a key given twice (plain YAML keeps the last silently)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"{key!r} given twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _text(value) -> str:
    """A YAML scalar as the text it was written as (``false`` and ``5`` are text to the catalogue)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def parse_header(path: Path, text: str) -> dict:
    """Parse the ``#+`` lines as YAML (PyYAML, safe loader) into a dict; errors name the file and line."""
    lines = _header_lines(path, text)
    body = "\n".join(line[1:] if line.startswith(" ") else line for _, line in lines)
    try:
        data = yaml.load(body, Loader=_HeaderLoader)
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        number = lines[min(mark.line, len(lines) - 1)][0] if mark is not None else lines[0][0]
        reason = getattr(problem, "problem", None) or str(problem)
        raise CatalogueError(f"{path}:{number}: header is not valid YAML: {reason}") from None
    if not isinstance(data, dict):
        raise CatalogueError(f"{path}:{lines[0][0]}: expected 'key: value' lines, got {body.strip()[:40]!r}")
    for key in data:
        if key not in KNOWN_KEYS:
            number = next((n for n, line in lines if line.strip().startswith(f"{key}:")), lines[0][0])
            raise CatalogueError(f"{path}:{number}: unknown header key {key!r} (known: {', '.join(KNOWN_KEYS)})")
    return data


def _params(path: Path, raw) -> tuple[Param, ...]:
    if raw in (None, ""):
        return ()
    if not isinstance(raw, list):
        raise CatalogueError(f"{path}: 'params' must be a list")
    params = []
    for entry in raw:
        if not isinstance(entry, dict) or "name" not in entry:
            raise CatalogueError(f"{path}: each param needs 'name', 'type' and 'description', got {entry!r}")
        unknown = set(entry) - set(PARAM_KEYS)
        if unknown:
            raise CatalogueError(f"{path}: param {entry['name']!r} has unknown keys {sorted(unknown)}")
        for needed in ("type", "description"):
            if not entry.get(needed):
                raise CatalogueError(f"{path}: param {entry['name']!r} has no {needed!r}")
        if entry["type"] not in PARAM_TYPES:
            raise CatalogueError(
                f"{path}: param {entry['name']!r} has type {entry['type']!r}; expected one of {PARAM_TYPES}")
        if not _NAME.match(entry["name"]):
            raise CatalogueError(f"{path}: param name {entry['name']!r} is not a SPARQL variable name")
        required = _text(entry.get("required", False)).lower()
        if required not in ("true", "false"):
            raise CatalogueError(f"{path}: param {entry['name']!r}: 'required' must be true or false")
        inline = _text(entry.get("inline", False)).lower()
        if inline not in ("true", "false"):
            raise CatalogueError(f"{path}: param {entry['name']!r}: 'inline' must be true or false")
        params.append(Param(entry["name"], entry["type"], _text(entry["description"]),
                            _text(entry.get("default")) or None, required == "true", inline == "true"))
    return tuple(params)


def _columns(path: Path, raw) -> tuple[Column, ...]:
    if not isinstance(raw, list) or not raw:
        raise CatalogueError(f"{path}: 'columns' must list at least one '- name: description'")
    columns = []
    for entry in raw:
        if not isinstance(entry, dict) or len(entry) != 1:
            raise CatalogueError(f"{path}: a column is '- name: description', got {entry!r}")
        (name, description), = entry.items()
        if not description:
            raise CatalogueError(f"{path}: column {name!r} has no description")
        columns.append(Column(str(name), _text(description)))
    return tuple(columns)


def free_variables(text: str) -> set[str]:
    """Variables the query uses but never binds (in a pattern, BIND, VALUES or AS): its inputs."""
    bound: set[str] = set()

    def visit(node):
        name = getattr(node, "name", None)
        if name == "BGP":
            bound.update(str(x) for t in node.triples for x in t if isinstance(x, Variable))
        elif name == "Graph" and isinstance(node.term, Variable):
            bound.add(str(node.term))
        elif name == "Extend":
            bound.add(str(node.var))
        elif name == "values":
            bound.update(str(v) for row in node.res for v in row)
        elif name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            traverse(node.graph, visitPre=visit)        # a pattern inside a filter binds its own variables
        return None

    traverse(translateQuery(parseQuery(text)).algebra, visitPre=visit)
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    used = set(re.findall(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", body))
    return used - bound


def load_query(path: Path) -> CatalogueQuery:
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    header = parse_header(path, text)
    for key in REQUIRED_KEYS:
        if not header.get(key):
            raise CatalogueError(f"{path}: header has no {key!r}")
    for key in ("summary", "summary_zh", "description"):
        if isinstance(header.get(key), list):
            raise CatalogueError(f"{path}: {key!r} must be one line of text")
    tags = header["tags"]
    if not isinstance(tags, list) or not all(isinstance(t, (str, int)) for t in tags):
        raise CatalogueError(f"{path}: 'tags' must be a list of words")
    tags = [_text(t) for t in tags]
    params = _params(path, header.get("params"))
    undocumented = sorted(free_variables(text) - {p.name for p in params})
    if undocumented:
        raise CatalogueError(f"{path}: ?{', ?'.join(undocumented)} never bound by the query; "
                             "document it under 'params' or bind it")
    for p in params:
        if not re.search(r"[?$]" + re.escape(p.name) + r"\b", text):
            raise CatalogueError(f"{path}: param {p.name!r} is documented but ?{p.name} is not in the query")
    return CatalogueQuery(
        name=path.stem, path=path, text=text,
        summary=_text(header["summary"]), summary_zh=_text(header["summary_zh"]),
        description=_text(header.get("description")),
        tags=tuple(tags), params=params, columns=_columns(path, header["columns"]),
        prefixes={m.group(1) or "": m.group(2) for m in _PREFIX.finditer(text)},
    )


_PARSED: dict[tuple[str, int, int], CatalogueQuery] = {}


def _cached_query(path: Path) -> CatalogueQuery:
    """``load_query``, parsed once per version of the file (its path, size and modification time)."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    found = _PARSED.get(key)
    if found is None:
        found = _PARSED[key] = load_query(path)
    return found


def load_catalogue(directory: Path | str | None = None) -> dict[str, CatalogueQuery]:
    """Every ``*.rq`` file of the directory (default: the installed ``queries/``), by name.

    Each file is parsed once and kept while it is unchanged, so calling this per query costs a
    directory listing and a few ``stat`` calls.
    """
    directory = Path(directory) if directory else DEFAULT_DIR
    return {p.stem: _cached_query(p) for p in sorted(directory.glob("*.rq"))}


# ---------------------------------------------------------------------------------------------
# The catalogue in Markdown, generated from the headers (queries/README.md and README.md)
# ---------------------------------------------------------------------------------------------

START, END = "<!-- catalogue:start -->", "<!-- catalogue:end -->"


def markdown(queries: dict[str, CatalogueQuery]) -> str:
    lines = [f"{len(queries)} queries in `queries/`; run one with `plankg query NAME [-p key=value ...]`.", ""]
    for q in queries.values():
        lines += [f"### `{q.name}`", "", f"{q.summary}  ", f"{q.summary_zh}", ""]
        if q.description:
            lines += [q.description, ""]
        if q.params:
            lines.append("Parameters: " + "; ".join(
                f"`{p.name}` ({p.type}{', required' if p.required else ''}"
                f"{f', default `{p.default}`' if p.default else ''}): {p.description}" for p in q.params))
            lines.append("")
        lines.append("Columns: " + ", ".join(f"`{c.name}`" for c in q.columns) + "  ")
        lines += [f"Tags: {', '.join(q.tags)}", ""]
    return "\n".join(lines).rstrip() + "\n"


def replace_between_markers(text: str, body: str, where: str = "") -> str:
    if START not in text or END not in text or text.index(START) > text.index(END):
        raise CatalogueError(f"{where}: expected the markers {START} and {END}")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{body}{END}{tail}"


def catalogue_documents(root: Path | None = None) -> list[Path]:
    root = Path(root) if root else DEFAULT_DIR.parent
    return [root / "queries" / "README.md", root / "README.md"]


def sync_documents(root: Path | None = None, write: bool = False) -> list[Path]:
    """The documents whose generated catalogue section is stale (rewritten when ``write``)."""
    body = markdown(load_catalogue(Path(root) / "queries" if root else None))
    stale = []
    for path in catalogue_documents(root):
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        fresh = replace_between_markers(text, body, str(path))
        if fresh != text:
            stale.append(path)
            if write:
                path.write_text(fresh, encoding="utf-8")
    return stale


if __name__ == "__main__":  # python -m graph.query.catalogue: regenerate the catalogue sections
    changed = sync_documents(write=True)
    print("\n".join(str(p) for p in changed) or "catalogue sections up to date", file=sys.stderr)
