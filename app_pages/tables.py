"""Tables the pages show and download, as plain data: pivots, the institution tree, CSV and XLSX bytes."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field


def csv_bytes(rows: list[dict]) -> bytes:
    """Rows as UTF-8 CSV with a byte-order mark, so spreadsheet programs read the Chinese."""
    out = io.StringIO()
    columns = list(rows[0]) if rows else []
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: dict[str, list[dict]]) -> bytes:
    """Rows as an Excel workbook, one sheet per entry."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title[:31])
        columns = list(rows[0]) if rows else []
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(c) for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


MATRIX_MAX_PLANS = 24         # a column per plan stays readable up to about this many plans
CHART_MAX_REGIONS = 60        # a bar per region likewise; past it, a chart of how the values are spread
LISTING_MAX_PLANS = 200       # past this many plans, a page reads a whole-corpus listing only for one region


def _plan_columns(rows: list[dict]) -> dict[str, str]:
    """A column name per plan: its region's name, with the plan's IRI end when two plans share a name
    (朝阳区 is a district of Beijing and of Changchun); the IRI end alone when the region has no name."""
    def tail(plan: str) -> str:
        return str(plan or "").rstrip("/").rsplit("/", 1)[-1] or "?"

    names: dict[str, str] = {}
    for r in rows:
        names.setdefault(r.get("plan") or "", r.get("region") or "")
    plans_named: dict[str, int] = {}
    for name in names.values():
        plans_named[name] = plans_named.get(name, 0) + 1
    return {plan: (name if name and plans_named[name] == 1 else f"{name} {tail(plan)}".strip())
            for plan, name in names.items()}


def institution_matrix(rows: list[dict]) -> list[dict]:
    """One row per institution, one column per plan (named by its region): the number of measures naming it."""
    columns = _plan_columns(rows)
    regions = sorted(set(columns.values()))
    out: dict[str, dict] = {}
    for r in rows:
        row = out.setdefault(r["institution"], {"name": r["name"], **{region: 0 for region in regions}, "total": 0})
        row[columns[r.get("plan") or ""]] += r["measures"] or 0
        row["total"] += r["measures"] or 0
    return sorted(out.values(), key=lambda r: (-r["total"], r["name"]))


def institution_summary(rows: list[dict]) -> list[dict]:
    """One row per institution: how many plans name it and in how many measures in all (for many plans,
    where a column per plan would not fit)."""
    out: dict[str, dict] = {}
    for r in rows:
        row = out.setdefault(r["institution"], {"name": r["name"], "plans": 0, "measures": 0,
                                                "institution": r["institution"]})
        row["plans"] += 1
        row["measures"] += r["measures"] or 0
    return sorted(out.values(), key=lambda r: (-r["measures"], -r["plans"], r["name"], r["institution"]))


def in_scope(rows: list[dict], plan_codes: dict[str, str], prefix: str) -> list[dict]:
    """The rows whose plan's region code starts with ``prefix`` (every row for an empty prefix)."""
    if not prefix:
        return rows
    return [r for r in rows if plan_codes.get(r.get("plan") or "", "").startswith(prefix)]


@dataclass
class Tree:
    kinds: dict[str, dict] = field(default_factory=dict)        # concept -> {broader, bodies: [(name, region)]}

    @property
    def bodies(self) -> int:
        return sum(len(k["bodies"]) for k in self.kinds.values())


def institution_tree(rows: list[dict]) -> Tree:
    tree = Tree()
    seen: set[tuple] = set()                  # a set beside the lists: 46,000 rows at 1,000 plans
    for r in rows:
        kind = tree.kinds.setdefault(r["concept"], {"broader": r.get("broader"), "bodies": []})
        body = (r["name"], r.get("region"))
        if r.get("institution") and (r["concept"], body) not in seen:
            seen.add((r["concept"], body))
            kind["bodies"].append(body)
    return tree


def tree_lines(tree: Tree, label, only_named: bool, limit: int | None = None, more=None) -> list[str]:
    """The tree as nested markdown list lines: kinds under their broader kinds, bodies under their kind.

    With ``limit``, at most that many bodies are listed under a kind, then the line ``more(n)`` for the
    ``n`` left out (a kind has thousands of bodies at national scale)."""
    children: dict[str | None, list[str]] = {}
    for concept, kind in tree.kinds.items():
        children.setdefault(kind["broader"] if kind["broader"] in tree.kinds else None, []).append(concept)

    def named(concept: str) -> bool:
        return bool(tree.kinds[concept]["bodies"]) or any(named(c) for c in children.get(concept, []))

    lines: list[str] = []

    def walk(parent, depth):
        for concept in sorted(children.get(parent, []), key=label):
            if only_named and not named(concept):
                continue
            bodies = sorted(tree.kinds[concept]["bodies"], key=lambda b: (b[1] or "", b[0]))
            lines.append("  " * depth + f"- **{label(concept)}** ({len(bodies)})")
            shown = bodies if limit is None else bodies[:limit]
            for name, region in shown:
                lines.append("  " * (depth + 1) + f"- {name}")
            if len(shown) < len(bodies):
                hidden = len(bodies) - len(shown)
                lines.append("  " * (depth + 1) + f"- {more(hidden) if more else f'… {hidden}'}")
            walk(concept, depth + 1)

    walk(None, 0)
    return lines


RDF_FORMATS = {"turtle": ("ttl", "text/turtle"), "jsonld": ("jsonld", "application/ld+json")}


def rdf_bytes(result, fmt: str) -> bytes:
    """The triples of a subject/predicate/object query result serialised as Turtle or JSON-LD."""
    import pyoxigraph as ox

    from graph.rdf.namespace import PREFIXES

    triples = [ox.Triple(*row) for row in result.rows]
    target = {"turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD}[fmt]
    return ox.serialize(triples, format=target, prefixes=PREFIXES if fmt == "turtle" else None)


FLAG_MARKS = {"weaker-than-parent": "↓", "missing-in-child": "∅", "reached-at-baseline": "✓", "weakest-among-siblings": "▽"}


def concept_summary(concepts: list[dict], label) -> list[dict]:
    """One row per indicator concept, in the order given: its label, code, unit and how many plans set it."""
    return [{"indicator": label(c["concept"]), "notation": c.get("notation"), "unit": c.get("unit"),
             "plans": c.get("plans") or 0} for c in concepts]


def indicator_matrix(rows: list[dict], findings: list[dict], label, attributes: dict | None = None
                     ) -> tuple[list[str], list[dict]]:
    """Concept × plan (a column per plan, named by its region): 'baseline → target (attribute)' in each
    cell, cascade flags marked; columns in plan order."""
    columns = _plan_columns(rows)
    regions = list(dict.fromkeys(columns[r.get("plan") or ""] for r in rows))
    flags: dict[tuple, list[str]] = {}
    for f in findings:
        flags.setdefault((f.get("concept"), f.get("plan")), []).append(FLAG_MARKS.get(f["kind"], "!"))
    cells: dict[str, dict] = {}
    for r in rows:
        if not r.get("concept"):
            continue
        line = cells.get(r["concept"])
        if line is None:                                      # each concept labelled once, not once per row
            line = cells[r["concept"]] = {"indicator": label(r["concept"])}
        attribute = (attributes or {}).get(r.get("attribute") or "", r.get("attribute") or "")
        text = f"{r.get('baselineText') or '—'} → {r.get('targetText') or '—'}"
        marks = "".join(sorted(set(flags.get((r["concept"], r.get("plan")), []))))
        line[columns[r.get("plan") or ""]] = f"{text} ({attribute}){' ' + marks if marks else ''}"
    known = set(regions)
    for (concept, plan), marks in flags.items():
        column = columns.get(plan or "")
        if concept in cells and column in known and column not in cells[concept]:
            cells[concept][column] = "".join(sorted(set(marks)))
    ordered = sorted(cells.values(), key=lambda c: (-sum(1 for k in c if k in known), c["indicator"]))
    return regions, ordered
