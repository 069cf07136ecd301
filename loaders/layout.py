"""Page layout of an extracted plan: physical lines, noise to drop, and paragraphs with an offset map.

Extractions wrap lines every ~30 characters, insert page markers (— 2 —), keep a table of contents
and markdown emphasis. ``SourceText`` keeps the decoded original; every ``Paragraph`` keeps, for each
of its characters, where it stands in the original, so any record can carry an exact ``Span``.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from loaders.records import Span

PAGE_MARKER = re.compile(r"^\s*(?:[—\-–－─]+\s*\d{1,4}\s*[—\-–－─]+|第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$")
# A page number printed on the same line as text ("— 1 —    某县…规划" or "…规划    — 1 —").
EDGE_PAGE_MARKER = re.compile(r"^\s*[—\-–－─]+\s*\d{1,4}\s*[—\-–－─]+\s{2,}|\s{2,}[—\-–－─]+\s*\d{1,4}\s*[—\-–－─]+\s*$")
# A running page header repeats a plan title (…规划 / …计划 / …纲要) at the top of every page.
TITLE_HEADER = re.compile(r"(?:规划|计划|纲要)(?:\s*[（(][^)）]{1,12}[)）])?$")
TITLE_HEADER_MIN = 3        # occurrences that make a title-like line a running header
RUNNING_HEADER = re.compile(r"^(?:Page\s*\d+|第\s*\d+\s*页)\s*[-—–:：|]\s*\S.{3,}$", re.I)
TOC_HEADING = re.compile(r"^\s*目\s*录\s*$")
TOC_ENTRY = re.compile(r"(?:\t|\s{2,}|…{2,}|\.{4,}|·{4,})\s*[（(]?\d{1,4}[)）]?\s*$")
EMPHASIS = re.compile(r"\*\*|__")
SENTENCE_END = "。！？；!?;"
# Items that open a new paragraph: chapter, section, numbered item, sub-item, dash bullet.
ITEM_START = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇]+[章节]|[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十]{1,3}[)）]"
    r"|\d{1,3}\s*[.．、](?!\d)|[（(]\d{1,3}[)）]|——)"
)


_LINE = re.compile(r"([^\r\n]*)(?:\r\n|\r|\n|$)")


@dataclass
class Line:
    no: int            # 1-based physical line number
    start: int         # offset of the first character of the line in the original
    raw: str           # the line without its newline

    @property
    def text(self) -> str:
        return self.raw.strip()


class SourceText:
    """The decoded original and its lines, with offset <-> line look-ups."""

    def __init__(self, text: str, path: str = "", page_starts: list[int] | None = None):
        self.text = text
        self.path = path
        self.page_starts = page_starts or []
        self.lines: list[Line] = []
        # CRLF and CR end a line as LF does; offsets count every character of the decoded original
        for no, match in enumerate(_LINE.finditer(text), start=1):
            self.lines.append(Line(no, match.start(), match.group(1)))
            if match.end() == len(text):
                break
        self._starts = [line.start for line in self.lines]

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset)

    def page_of(self, offset: int) -> int | None:
        if not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, offset))

    def span(self, start: int, end: int) -> Span:
        return Span(self.line_of(start), self.line_of(max(start, end - 1)), start, end, self.page_of(start))

    def line_span(self, first: Line, last: Line) -> Span:
        a = first.start + (len(first.raw) - len(first.raw.lstrip()))
        b = last.start + len(last.raw.rstrip())
        return self.span(a, b)


@dataclass
class Paragraph:
    """Text joined from one or more lines; ``offsets[i]`` is the original offset of ``text[i]``."""
    text: str = ""
    offsets: list[int] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    closed: bool = False

    def add(self, line: Line) -> None:
        lead = len(line.raw) - len(line.raw.lstrip())
        body = line.raw.strip()
        pos = line.start + lead
        for piece_start, piece in _without_emphasis(body):
            self.text += piece
            self.offsets.extend(range(pos + piece_start, pos + piece_start + len(piece)))
        self.lines.append(line)

    def span(self, source: SourceText, start: int = 0, end: int | None = None) -> Span:
        end = len(self.text) if end is None else end
        if end <= start:
            end = start + 1
        return source.span(self.offsets[start], self.offsets[end - 1] + 1)


def _without_emphasis(body: str):
    """Yield ``(offset, piece)`` of a line with markdown emphasis markers removed."""
    pos = 0
    for match in EMPHASIS.finditer(body):
        if match.start() > pos:
            yield pos, body[pos:match.start()]
        pos = match.end()
    if pos < len(body):
        yield pos, body[pos:]


def without_page_marker(line: Line) -> Line:
    """The line with a page number printed beside its text removed (offsets still into the original)."""
    match = EDGE_PAGE_MARKER.search(line.raw)
    if not match or not line.raw[:match.start()].strip() and not line.raw[match.end():].strip():
        return line
    if match.start() == 0 or not line.raw[:match.start()].strip():
        return Line(line.no, line.start + match.end(), line.raw[match.end():])
    return Line(line.no, line.start, line.raw[:match.start()])


def running_headers(source: SourceText) -> set[int]:
    """Later repeats of a title-like line that recurs on page after page; the first one stays (the title)."""
    seen: dict[str, list[int]] = {}
    for line in source.lines:
        text = without_page_marker(line).text
        if 4 <= len(text) <= 80 and TITLE_HEADER.search(text) and "\t" not in text:
            seen.setdefault(text, []).append(line.no)
    return {no for numbers in seen.values() if len(numbers) >= TITLE_HEADER_MIN for no in numbers[1:]}


def noise_lines(source: SourceText) -> set[int]:
    """Line numbers that carry no content: page markers, running page headers and the table of contents."""
    noise = running_headers(source)
    in_toc = False
    for line in source.lines:
        text = line.text
        if PAGE_MARKER.match(text) or RUNNING_HEADER.match(text):
            noise.add(line.no)
            continue
        if TOC_HEADING.match(text):
            noise.add(line.no)
            in_toc = True
            continue
        if in_toc:
            if not text or TOC_ENTRY.search(line.raw):
                noise.add(line.no)
                continue
            in_toc = False
    return noise


def wrap_width(lines: list[Line]) -> int:
    """The width at which the extraction hard-wrapped its lines (a high percentile of lengths)."""
    lengths = sorted(len(line.text) for line in lines if len(line.text) > 8)
    if not lengths:
        return 80
    return lengths[int(len(lengths) * 0.8)]


def is_closing(line: Line, width: int) -> bool:
    """True when the paragraph ends with this line: a sentence end, or a line clearly short of the wrap."""
    text = line.text
    if not text:
        return True
    if text[-1] in SENTENCE_END:
        return True
    return len(text) < width * 0.6


def paragraphs(lines: list[Line], width: int) -> list[Paragraph]:
    """Join hard-wrapped lines into paragraphs. A numbered or headed line always starts a new one."""
    result: list[Paragraph] = []
    current: Paragraph | None = None
    for line in lines:
        text = line.text
        if not text:
            continue
        if current is None or current.closed or ITEM_START.match(EMPHASIS.sub("", text)):
            current = Paragraph()
            result.append(current)
        current.add(line)
        current.closed = is_closing(line, width)
    return result


def collapse(text: str) -> str:
    """The original text of a span the way records show it: no line breaks, markers or emphasis."""
    out = []
    for raw in text.split("\n"):
        stripped = raw.strip()
        if PAGE_MARKER.match(stripped):
            continue
        out.append(EMPHASIS.sub("", stripped))
    return "".join(out)
