"""Turn the rows of a table into records: indicators, previous-period rows, projects, task rows."""
from __future__ import annotations

import re

from loaders.layout import SourceText
from loaders.records import Indicator, Measure, PreviousIndicator, Project, Table
from loaders.tables import ATTRIBUTE, VALUE_ROLES, RawRow, RawTable
from loaders.values import UNITS, is_value_token, parse_value

LEADING_NUMBER = re.compile(r"^(\d{1,3})\s*[.．、]\s*")
TEXT_ROLES = ("no", "name", "item", "attribute")
SUB_ITEM = re.compile(r"^\d{1,2}\s*[.．、]")


def _join(parts: list[str]) -> str:
    """Join wrapped pieces of a cell: no space between CJK pieces, one between Latin words."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out


def clean_name(text: str) -> str:
    text = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", text.strip())
    return re.sub(r"\s+", " ", text)


def row_cells(table: RawTable, row: RawRow) -> dict[str, str]:
    """Map a row to ``{role: cell text}`` following the header's roles."""
    if table.layout == "spaces":
        cells = _space_cells(table, row)
    else:
        # Tab and pipe layouts print empty cells, so fewer cells means a row cut short: fill from the left.
        cells = _assign(table.roles, list(row.cells), right_align=table.layout == "cells")
    if "no" not in cells or not cells.get("no"):
        key = "name" if "name" in cells else "item"
        m = LEADING_NUMBER.match(cells.get(key, ""))
        if m:
            cells["no"] = m.group(1)
            cells[key] = cells[key][m.end():]
    return cells


def _assign(roles: list[str], cells: list[str], right_align: bool = True) -> dict[str, str]:
    """Leading text columns from the left, value columns from the right (a missing baseline is empty)."""
    if not right_align and len(cells) < len(roles):
        return dict(zip(roles, cells))
    if len(cells) >= len(roles):
        out = dict(zip(roles, cells))
        if len(cells) > len(roles):
            out[roles[-1]] = " ".join(cells[len(roles) - 1:])
        return out
    lead = []
    for role in roles:
        if role in TEXT_ROLES:
            lead.append(role)
        else:
            break
    rest = roles[len(lead):]
    out = dict(zip(lead, cells[: len(lead)]))
    tail = cells[len(lead):]
    for role, cell in zip(rest[len(rest) - len(tail):], tail):
        out[role] = cell
    return out


def _space_cells(table: RawTable, row: RawRow) -> dict[str, str]:
    lines = row.text.split("\n")
    first = lines[0].split(None, 1)
    cells = {"no": first[0]}
    body_lines = ([first[1]] if len(first) > 1 else []) + lines[1:]
    if table.kind == "tasks":
        return {**cells, **_task_cells(body_lines)}
    # (token, starts_line): a token that starts a wrapped line joins its neighbour without a space
    tokens = [(tok, k == 0 and n > 0) for n, line in enumerate(body_lines) for k, tok in enumerate(line.split())]
    tokens = _merge_units(tokens)
    attribute = next((t for t, _ in tokens if ATTRIBUTE.match(t)), None)
    name_parts, values = [], []
    seen_value = False
    for tok, wrapped in tokens:
        if tok == attribute:
            seen_value = True
            continue
        if not seen_value and not is_value_token(tok):
            name_parts.append(tok)
            continue
        seen_value = True
        if is_value_token(tok) or not values or is_value_token(values[-1]):
            values.append(tok)
        elif wrapped:
            values[-1] = _join([values[-1], tok])
        else:
            values[-1] += " " + tok
    cells["name"] = _join(name_parts)
    if attribute:
        cells["attribute"] = attribute
    value_roles = [r for r in table.roles if r in VALUE_ROLES or r == "note"]
    if len(values) <= len(value_roles):
        value_roles = value_roles[len(value_roles) - len(values):]
    for role, value in zip(value_roles, values):
        cells[role] = value
    return cells


def _merge_units(tokens: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """A unit printed apart from its number (38 张) belongs to the number's cell."""
    merged: list[tuple[str, bool]] = []
    for tok, wrapped in tokens:
        if merged and tok in UNITS and merged[-1][0][-1:].isdigit() and is_value_token(merged[-1][0]):
            merged[-1] = (f"{merged[-1][0]} {tok}", merged[-1][1])
            continue
        merged.append((tok, wrapped))
    return merged


def _task_cells(body_lines: list[str]) -> dict[str, str]:
    """Task rows print the item name in a narrow column that wraps, then the requirement text."""
    if not body_lines:
        return {"item": "", "requirement": ""}
    first = body_lines[0]
    rest = body_lines[1:]
    if " " in first and not SUB_ITEM.match(first):
        item, requirement = first.split(None, 1)
        return {"item": item, "requirement": _join([requirement] + rest)}
    item = [first]
    while rest and len(rest[0]) <= 12 and not SUB_ITEM.match(rest[0]) and not any(p in rest[0] for p in "，。；："):
        item.append(rest.pop(0))
    return {"item": _join(item), "requirement": _join(rest)}


PERCENT_HEADER = re.compile(r"[（(]\s*%\s*[)）]")


def _value(text: str, percent: bool):
    """Parse a cell; a bare number in a column headed (%) is a percentage."""
    value = parse_value(text)
    if percent and value.value is not None and value.unit is None:
        value.unit = "%"
    return value


def build_rows(source: SourceText, table: RawTable):
    """Records of one table: ``(Table, indicators, previous, projects, task_measures)``."""
    indicators, previous, projects, tasks = [], [], [], []
    header = " ".join(line.text for line in table.header_lines)
    for index, row in enumerate(table.rows, start=1):
        cells = row_cells(table, row)
        percent = bool(PERCENT_HEADER.search(header) or PERCENT_HEADER.search(cells.get("name", "")))
        span = source.line_span(row.lines[0], row.lines[-1])
        no = (cells.get("no") or "").strip()
        if not no and "合计" in "".join(cells.values()):
            continue
        no = no or str(index)
        if table.kind == "indicators":
            indicators.append(Indicator(
                no=no, name=clean_name(cells.get("name", "")), attribute=cells.get("attribute") or None,
                baseline=_value(cells.get("baseline", ""), percent), target=_value(cells.get("target", ""), percent),
                note=(cells.get("note") or "").strip() or None, span=span, table=table.caption or None))
        elif table.kind == "previous":
            previous.append(PreviousIndicator(
                no=no, name=clean_name(cells.get("name", "")),
                planned=_value(cells.get("planned", ""), percent), achieved=_value(cells.get("achieved", ""), percent),
                attribute=cells.get("attribute") or None, span=span, table=table.caption or None))
        elif table.kind == "projects":
            projects.append(Project(
                no=no, name=clean_name(cells.get("name", "")),
                floor_area_m2=parse_value(cells.get("floor_area", "")).value,
                investment_wan_yuan=parse_value(cells.get("investment", "")).value,
                content=(cells.get("content") or "").strip() or None,
                level=(cells.get("level") or "").strip() or None, span=span))
        elif table.kind == "tasks":
            item = clean_name(cells.get("item", ""))
            requirement = cells.get("requirement", "").strip()
            tasks.append(Measure(number=no, heading=item, text=requirement, span=span,
                                 kind="task_row", table=table.caption or None))
    counted = {"indicators": indicators, "previous": previous, "projects": projects, "tasks": tasks}
    rows = len(counted.get(table.kind, table.rows)) if table.kind in counted else len(table.rows)
    first_line = table.caption_line or table.header_lines[0]
    last = table.rows[-1].lines[-1]
    record = Table(caption=table.caption, kind=table.kind, rows=rows, columns=list(table.roles),
                   span=source.line_span(first_line, last))
    return record, indicators, previous, projects, tasks
