"""The query catalogue: ``queries/*.rq`` files and the ``#+`` headers that document them.

A header is the run of ``#+`` lines a file opens with, in a small YAML subset (grlc style)::

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from graph.config import QUERIES_DIR as DEFAULT_DIR

PARAM_TYPES = ("iri", "string", "integer", "decimal", "boolean", "date", "year")
REQUIRED_KEYS = ("summary", "summary_zh", "tags", "columns")
KNOWN_KEYS = REQUIRED_KEYS + ("description", "params")
PARAM_KEYS = ("name", "type", "default", "required", "description")

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


def _scalar(raw: str) -> str:
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        return raw[1:-1]
    return raw


def parse_header(path: Path, text: str) -> dict:
    """Parse the ``#+`` lines into a dict of scalars and lists (of scalars or of mappings)."""
    data: dict = {}
    key = None
    item: Optional[dict] = None
    for number, line in _header_lines(path, text):
        where = f"{path}:{number}"
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        body = line.strip()
        if indent <= 1:                                   # "#+ key: value" or "#+ key:"
            m = re.match(r"^([a-z_]+):\s*(.*)$", body)
            if not m:
                raise CatalogueError(f"{where}: expected 'key: value', got {body!r}")
            key, value = m.group(1), m.group(2)
            if key not in KNOWN_KEYS:
                raise CatalogueError(f"{where}: unknown header key {key!r} (known: {', '.join(KNOWN_KEYS)})")
            if key in data:
                raise CatalogueError(f"{where}: header key {key!r} given twice")
            data[key] = _scalar(value) if value else []
            item = None
        elif body.startswith("- "):                       # a list item
            if key is None or not isinstance(data.get(key), list):
                raise CatalogueError(f"{where}: list item outside a list key")
            entry = body[2:].strip()
            m = re.match(r"^([A-Za-z_][\w]*):\s*(.*)$", entry)
            if m and key != "tags":
                item = {m.group(1): _scalar(m.group(2))}
                data[key].append(item)
            else:
                item = None
                data[key].append(_scalar(entry))
        else:                                             # continuation of a mapping item
            m = re.match(r"^([A-Za-z_][\w]*):\s*(.*)$", body)
            if item is None or not m:
                raise CatalogueError(f"{where}: expected 'key: value' inside a list item, got {body!r}")
            if m.group(1) in item:
                raise CatalogueError(f"{where}: {m.group(1)!r} given twice in one item")
            item[m.group(1)] = _scalar(m.group(2))
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
        required = str(entry.get("required", "false")).lower()
        if required not in ("true", "false"):
            raise CatalogueError(f"{path}: param {entry['name']!r}: 'required' must be true or false")
        params.append(Param(entry["name"], entry["type"], entry["description"],
                            entry.get("default") or None, required == "true"))
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
        columns.append(Column(name, description))
    return tuple(columns)


def free_variables(text: str) -> set[str]:
    """Variables the query uses but never binds (in a pattern, BIND, VALUES or AS): its inputs."""
    from rdflib.plugins.sparql.algebra import translateQuery, traverse
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.term import Variable

    bound: set[str] = set()

    def visit(node):
        name = getattr(node, "name", None)
        if name == "BGP":
            bound.update(str(x) for t in node.triples for x in t if isinstance(x, Variable))
        elif name == "Extend":
            bound.add(str(node.var))
        elif name == "values":
            bound.update(str(v) for row in node.res for v in row)
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
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise CatalogueError(f"{path}: 'tags' must be a list of words")
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
        summary=header["summary"], summary_zh=header["summary_zh"],
        description=header.get("description") or "",
        tags=tuple(tags), params=params, columns=_columns(path, header["columns"]),
        prefixes={m.group(1) or "": m.group(2) for m in _PREFIX.finditer(text)},
    )


def load_catalogue(directory: Path | str | None = None) -> dict[str, CatalogueQuery]:
    """Every ``*.rq`` file of the directory (default: the repository's ``queries/``), by name."""
    directory = Path(directory) if directory else DEFAULT_DIR
    return {p.stem: load_query(p) for p in sorted(directory.glob("*.rq"))}


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
    import sys
    changed = sync_documents(write=True)
    print("\n".join(str(p) for p in changed) or "catalogue sections up to date", file=sys.stderr)
