"""Read a plan published as a web page with lxml: the article body, without site navigation.

Government sites wrap a notice in navigation, breadcrumbs and footers. The body is the element
holding most paragraph text (the readability heuristic); the page's main heading is kept when the
body does not repeat it. Block elements become lines, tables tab-separated rows.
"""
from __future__ import annotations

import re

from loaders.errors import PlanParseError
from loaders.sources import Source
from loaders.sources.lines import cell_text, table_lines

DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "button", "select")
BLOCKS = {"p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
          "blockquote", "pre", "tr", "center", "main", "figure", "figcaption", "caption"}
CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


def _decode(path, raw: bytes) -> str:
    declared = CHARSET.search(raw[:4096])
    names = [declared.group(1).decode("ascii")] if declared else []
    for name in names + ["utf-8", "gb18030"]:
        try:
            return raw.decode("gb18030" if name.lower() in ("gb2312", "gbk") else name)
        except (UnicodeDecodeError, LookupError):
            continue
    raise PlanParseError(path, "HTML is neither in its declared charset nor UTF-8 or GB18030")


def _own_text(element) -> int:
    """Characters of paragraph-like text directly under an element, link text not counted."""
    total = 0
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag in ("p", "table", "h2", "h3", "h4", "pre", "blockquote") or child.tag == "div" and len(child) == 0:
            text = child.text_content()
            links = sum(len(a.text_content()) for a in child.iter("a"))
            total += max(0, len(text.strip()) - 2 * links)
    return total


def _lines(element, out: list[str], buffer: list[str]) -> None:
    def flush():
        text = cell_text("".join(buffer))
        if text:
            out.append(text)
        buffer.clear()

    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "table":
        flush()
        rows = [[c.text_content() for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
                for tr in element.iter("tr")]
        out.extend(table_lines(rows))
    elif tag == "br":
        flush()
    else:
        if tag in BLOCKS:
            flush()
        if element.text:
            buffer.append(element.text)
        for child in element:
            _lines(child, out, buffer)
        if tag in BLOCKS:
            flush()
    if element.tail:
        buffer.append(element.tail)


def extract(path, raw: bytes) -> Source:
    try:
        import lxml.html

        document = lxml.html.document_fromstring(_decode(path, raw))
    except PlanParseError:
        raise
    except Exception as exc:    # lxml raises ParserError on an empty or broken document
        raise PlanParseError(path, f"not a readable HTML page ({type(exc).__name__}: {exc})") from exc
    for element in document.xpath("|".join(f"//{tag}" for tag in DROP)):
        element.drop_tree()
    candidates = [e for e in document.iter() if isinstance(e.tag, str)]
    body = max(candidates, key=_own_text)
    lines: list[str] = []
    heading = next(iter(document.xpath("//h1")), None)
    if heading is not None and heading not in body.iterancestors() and body not in heading.iterancestors():
        title = cell_text(heading.text_content())
        if title and title not in body.text_content():
            lines.append(title)
    buffer: list[str] = [body.text or ""]
    for child in body:
        _lines(child, lines, buffer)
    if buffer:
        lines.append(cell_text("".join(buffer)))
    return Source("\n".join(lines), "html", "html", raw)
