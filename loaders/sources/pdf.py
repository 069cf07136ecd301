"""Read a PDF plan with pdfplumber: text lines and ruled tables in reading order, page by page."""
from __future__ import annotations

import io

from loaders.errors import PlanParseError
from loaders.sources import Source
from loaders.sources.lines import table_lines


def _inside(obj, boxes) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _page_lines(page) -> list[str]:
    """The page's text lines and table rows, sorted top to bottom; a table's words are not read twice."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    items = []
    for table in tables:
        items.append((table.bbox[1], table_lines(table.extract())))
    text_page = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes)) if boxes else page
    for line in text_page.extract_text_lines(layout=False, strip=True):
        items.append((line["top"], [line["text"]]))
    items.sort(key=lambda item: item[0])
    return [text for _, lines in items for text in lines]


def extract(path, raw: bytes) -> Source:
    try:
        import pdfplumber

        pages = []
        with pdfplumber.open(io.BytesIO(raw)) as pdf:
            for page in pdf.pages:
                pages.append(_page_lines(page))
    except PlanParseError:
        raise
    except Exception as exc:    # pdfminer raises its own syntax errors on a broken file
        raise PlanParseError(path, f"not a readable PDF ({type(exc).__name__}: {exc})") from exc
    text, starts = "", []
    for lines in pages:
        if text and not text.endswith("\n"):
            text += "\n"
        starts.append(len(text))
        text += "\n".join(lines)
    return Source(text, "pdf", "pdf", raw, starts)
