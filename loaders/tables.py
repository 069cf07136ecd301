"""Find tables in a plan and group their lines into rows of cells.

Three layouts occur in extractions: space-separated lines (PDF), tab-separated lines, and one cell
per line starting with a tab (word processor). The header says which column is which; the row
numbers (序号 1, 2, 3 …) say where rows start, so wrapped cells rejoin the right row.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.layout import ITEM_START, SENTENCE_END, Line
from loaders.values import is_value_token

HEADER_START = re.compile(r"^\s*\|?\s*(?:序\s*号|指\s*标\s*[（(%]|指\s*标\s*[\t|]|项目名称\s*[\t|])")
PIPE_RULE = re.compile(r"^\|?[\s:|-]+\|?$")
CAPTION_HINT = re.compile(r"^(?:表\s*\d+|专栏\s*\d+|附表)")
ROLE_SCAN = re.compile(
    r"(?P<no>序\s*号)"
    r"|(?P<name>项目名称|指标名称|指\s*标(?:\s*[（(][^)）\t]*[)）])?)"
    r"|(?P<item>项\s*目)"
    r"|(?P<requirement>要\s*求)"
    r"|(?P<attribute>属\s*性)"
    r"|(?P<year>(?P<y>(?:19|20)\d{2})\s*年?(?:\s*(?P<yq>基期值|目标值|实现值|预期值))?)"
    r"|(?P<planned>规划目标|目标值)"
    r"|(?P<achieved>实现情况|完成情况|实现值)"
    r"|(?P<baseline>基期值)"
    r"|(?P<floor_area>建筑面积(?:\s*[（(][^)）\t]*[)）])?)"
    r"|(?P<investment>(?:总)?投资(?:额)?(?:\s*[（(][^)）\t]*[)）])?)"
    r"|(?P<content>主要内容及功能|主要内容|建设内容|功能)"
    r"|(?P<level>级\s*别|层\s*级)"
    r"|(?P<note>备\s*注)"
)
HEADING_START = re.compile(r"^(?:第[一二三四五六七八九十]+[章节]|[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十]{1,3}[)）])")
ATTRIBUTE = re.compile(r"^(约束性|预期性)$")
VALUE_ROLES = ("baseline", "target", "planned", "achieved")


@dataclass
class RawRow:
    lines: list[Line]
    cells: list[str] = field(default_factory=list)     # tab and cell layouts
    text: str = ""                                     # space layout: the row's lines joined by \n


@dataclass
class RawTable:
    caption: str
    caption_line: Line | None
    layout: str                  # spaces | tabs | cells
    roles: list[str]
    kind: str
    header_lines: list[Line]
    rows: list[RawRow]
    first: int                   # index range in the content line list, end exclusive
    end: int


def header_roles(header: str) -> list[str]:
    """Column roles in the order the header prints them."""
    found = []
    for m in ROLE_SCAN.finditer(header):
        role = m.lastgroup if m.lastgroup not in ("y", "yq") else "year"
        if m.group("year"):
            role = "year"
            found.append((role, int(m.group("y")), m.group("yq")))
        else:
            found.append((role, None, None))
    has_achieved = any(r == "achieved" or q == "实现值" for r, _, q in found)
    years = sorted(y for r, y, q in found if r == "year" and not q)
    roles = []
    for role, year, qualifier in found:
        if role == "year":
            if qualifier == "实现值":
                role = "achieved"
            elif qualifier in ("目标值", "预期值"):
                role = "planned" if has_achieved else "target"
            elif qualifier == "基期值":
                role = "baseline"
            elif has_achieved:
                role = "planned"
            else:
                role = "baseline" if (len(years) > 1 and year == years[0]) else "target"
        elif role == "planned" and not has_achieved:
            role = "target"
        if role not in roles:
            roles.append(role)
    return roles


def table_kind(roles: list[str]) -> str:
    if "planned" in roles or "achieved" in roles:
        return "previous"
    if "floor_area" in roles or "investment" in roles:
        return "projects"
    if "target" in roles and "name" in roles:
        return "indicators"
    if "item" in roles and "requirement" in roles:
        return "tasks"
    return "other"


def _layout(line: Line) -> str:
    if line.text.startswith("|") and line.text.count("|") >= 3:
        return "pipes"
    if line.raw.startswith("\t") and "\t" not in line.raw.strip():
        return "cells"
    if "\t" in line.raw.strip():
        return "tabs"
    return "spaces"


def _row_number(text: str) -> int | None:
    """The 序号 a space-separated row starts with: a bare number followed by a space or nothing."""
    m = re.match(r"^(\d{1,3})(?:\s+|$)", text)
    return int(m.group(1)) if m else None


def _caption(lines: list[Line], index: int) -> tuple[str, Line | None]:
    if index <= 0:
        return "", None
    prev = lines[index - 1]
    text = prev.text
    if text and text[-1] not in SENTENCE_END and len(text) <= 60 and "\t" not in prev.raw.strip():
        if CAPTION_HINT.match(text) or not ITEM_START.match(text):
            return text, prev
    return "", None


def find_tables(lines: list[Line]) -> list[RawTable]:
    """Every table in a list of content lines (no blank or noise lines)."""
    tables = []
    i = 0
    while i < len(lines):
        if HEADER_START.match(lines[i].text):
            table = _read_table(lines, i)
            if table is not None and table.rows:
                tables.append(table)
                i = table.end
                continue
        i += 1
    return tables


def _read_table(lines: list[Line], start: int) -> RawTable | None:
    layout = _layout(lines[start])
    caption, caption_line = _caption(lines, start)
    header_lines = [lines[start]]
    i = start + 1
    if layout == "cells":
        while i < len(lines) and (_cell(lines[i]) or "") != "1":
            if not lines[i].raw.startswith("\t") and len(lines[i].text) > 8:
                return None
            header_lines.append(lines[i])
            i += 1
    elif layout == "spaces":
        while i < len(lines) and _row_number(lines[i].text) != 1:
            if len(lines[i].text) > 12 or len(header_lines) > 6:
                return None
            header_lines.append(lines[i])
            i += 1
    header = " ".join(l.raw.replace("\t", " | ") for l in header_lines)
    roles = header_roles(header)
    kind = table_kind(roles)
    if len(roles) < 2:
        return None
    reader = {"cells": _rows_cells, "tabs": _rows_tabs, "pipes": _rows_pipes, "spaces": _rows_spaces}[layout]
    rows, end = reader(lines, i, roles, kind, header_lines[0].text)
    first = start - 1 if caption_line is not None else start     # the caption belongs to the table
    return RawTable(caption, caption_line, layout, roles, kind, header_lines, rows, first, end)


def _cell(line: Line) -> str | None:
    return line.raw.strip() if line.raw.startswith("\t") else None


def _rows_cells(lines, i, roles, kind, header_text):
    rows: list[RawRow] = []
    expected = 1
    while i < len(lines):
        line = lines[i]
        cell = _cell(line)
        if cell is None:
            if rows and len(line.text) <= 6 and not ITEM_START.match(line.text):
                rows[-1].cells[-1] += line.text
                rows[-1].lines.append(line)
                i += 1
                continue
            break
        if cell == str(expected):
            rows.append(RawRow([line], [cell]))
            expected += 1
        elif rows:
            rows[-1].cells.append(cell)
            rows[-1].lines.append(line)
        else:
            break
        i += 1
    return rows, i


def _rows_tabs(lines, i, roles, kind, header_text):
    rows: list[RawRow] = []
    while i < len(lines):
        line = lines[i]
        if "\t" not in line.raw.strip():
            break
        cells = [c.strip() for c in line.raw.strip("\n").split("\t")]
        if line.raw.startswith("\t") is False and cells and cells[0] == "":
            cells = cells[1:]
        if HEADER_START.match(line.text) or (cells and header_roles(" ".join(cells)) == roles):
            i += 1          # header repeated after a page break
            continue
        if not any(cells):
            i += 1
            continue
        rows.append(RawRow([line], cells))
        i += 1
    return rows, i


def _rows_pipes(lines, i, roles, kind, header_text):
    """Markdown tables: | a | b |, with a |---| rule under the header."""
    rows: list[RawRow] = []
    while i < len(lines):
        text = lines[i].text
        if not text.startswith("|"):
            break
        if PIPE_RULE.match(text) or HEADER_START.match(text):
            i += 1
            continue
        cells = [c.strip() for c in text.strip().strip("|").split("|")]
        rows.append(RawRow([lines[i]], cells))
        i += 1
    return rows, i


def _rows_spaces(lines, i, roles, kind, header_text):
    rows: list[RawRow] = []
    expected = 1
    while i < len(lines):
        line = lines[i]
        text = line.text
        if _row_number(text) == expected:
            rows.append(RawRow([line], text=text))
            expected += 1
            i += 1
            continue
        if text.replace(" ", "").startswith(header_text.replace(" ", "")[:4]) and "序" in text[:3]:
            i += 1          # header repeated after a page break
            continue
        if not rows or _ends_table(lines, i, rows[-1], roles, kind, expected):
            break
        rows[-1].lines.append(line)
        rows[-1].text += "\n" + text
        i += 1
    return rows, i


def _ends_table(lines, i, row: RawRow, roles, kind, expected) -> bool:
    text = lines[i].text
    if CAPTION_HINT.match(text) or HEADER_START.match(text):
        return True
    if HEADING_START.match(text):
        return True         # a chapter or section heading
    if kind == "tasks":
        return False
    upcoming = [lines[j].text for j in range(i + 1, min(i + 4, len(lines)))]
    if any(_row_number(t) == expected for t in upcoming):
        return False
    values_needed = sum(1 for r in roles if r in VALUE_ROLES)
    values_have = sum(1 for tok in row.text.split()[1:] if is_value_token(tok))
    return values_have >= values_needed
