"""Write extracted paragraphs and table rows as the plain-text lines the loaders read."""
from __future__ import annotations

import re

SPACES = re.compile(r"[ \t\u3000\xa0]+")


def cell_text(text: str) -> str:
    """A table cell on one line: its own line breaks and runs of spaces closed up."""
    return SPACES.sub(" ", text.replace("\n", "")).strip()


def table_lines(rows: list[list[str]]) -> list[str]:
    """Rows as tab-separated lines, the layout ``loaders.tables`` reads; empty rows dropped."""
    out = []
    for row in rows:
        cells = [cell_text(c or "") for c in row]
        if any(cells):
            out.append("\t".join(cells))
    return out
