"""Read a Word (.docx) plan with python-docx: paragraphs and tables in document order."""
from __future__ import annotations

import io

from loaders.errors import PlanParseError
from loaders.sources import Source
from loaders.sources.lines import table_lines


def extract(path, raw: bytes) -> Source:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(raw))
        lines = []
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                lines.append(block.text.strip())
            elif isinstance(block, Table):
                rows = []
                for row in block.rows:
                    seen, cells = set(), []
                    for cell in row.cells:      # a merged cell is listed once per grid column it spans
                        if id(cell._tc) not in seen:
                            seen.add(id(cell._tc))
                            cells.append(cell.text)
                    rows.append(cells)
                lines.extend(table_lines(rows))
    except PlanParseError:
        raise
    except Exception as exc:    # python-docx raises zipfile, KeyError or lxml errors on a broken file
        raise PlanParseError(path, f"not a readable Word (.docx) file ({type(exc).__name__}: {exc})") from exc
    return Source("\n".join(lines).replace("\r", ""), "docx", "docx", raw)
