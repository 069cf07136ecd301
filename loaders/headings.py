"""The section tree of a plan: chapters (一、), sections (（一）), numbered measures (1.), sub-items ((1)).

Ordinals are checked against the sequence (a chapter after 二 is 三), so a wrapped line that happens
to start with "2." inside a sentence does not open a measure.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

from loaders.layout import Paragraph, SourceText
from loaders.records import Measure, Section

CHAPTER = re.compile(r"^(?:第(?P<a>[一二三四五六七八九十]{1,3})章|(?P<b>[一二三四五六七八九十]{1,3})[、．.])\s*")
SECTION = re.compile(r"^(?:第(?P<a>[一二三四五六七八九十]{1,3})节|[（(](?P<b>[一二三四五六七八九十]{1,3})[)）])\s*")
MEASURE = re.compile(r"^(?P<n>\d{1,3})\s*[.．、](?!\d)\s*")
SUB_ITEM = re.compile(r"^[（(](?P<n>\d{1,2})[)）]\s*")
LEAD_END = re.compile(r"[。！？；]")
MAX_TITLE = 40


def numeral(text: str) -> int:
    return int(cn2an.cn2an(text, "smart")) if not text.isdigit() else int(text)


def lead_sentence(text: str, limit: int = 80) -> tuple[str, int]:
    """The heading sentence of an item: text up to the first sentence end (or the whole short text)."""
    m = LEAD_END.search(text)
    if m and m.start() <= limit:
        return text[: m.start()], m.end()
    return (text, len(text)) if len(text) <= limit else (text[:limit], limit)


@dataclass
class _Open:
    item: object
    para_start: int


class SectionParser:
    """Feed paragraphs and task-table rows in document order; read ``sections`` at the end."""

    def __init__(self, source: SourceText):
        self.source = source
        self.sections: list[Section] = []
        self.chapter: Section | None = None
        self.section: Section | None = None
        self.measure: Measure | None = None
        self.sub_item: Measure | None = None
        self.last_measure_number = 0
        self.table_counter = 0
        self._texts: dict[int, list] = {}     # id(item) -> [(paragraph, start)]

    # ---- structure -------------------------------------------------------------------------
    def _container(self) -> Section | None:
        return self.section or self.chapter

    def current_path(self) -> str | None:
        """Path of the section (or chapter) text is being read into."""
        container = self._container()
        return container.path if container is not None else None

    def feed(self, para: Paragraph) -> None:
        text = para.text
        m = CHAPTER.match(text)
        if m and numeral(m.group("a") or m.group("b")) == self._next_chapter():
            self._open_chapter(para, m)
            return
        m = SECTION.match(text)
        if m and self.chapter is not None and numeral(m.group("a") or m.group("b")) == self._next_section():
            self._open_section(para, m)
            return
        m = MEASURE.match(text)
        if m and self._container() is not None and self._measure_number_ok(int(m.group("n"))):
            self._open_measure(para, m)
            return
        m = SUB_ITEM.match(text)
        if m and self.measure is not None and int(m.group("n")) == len(self.measure.items) + 1:
            self._open_sub_item(para, m)
            return
        self._append(para, 0)

    def _next_chapter(self) -> int:
        return len(self.sections) + 1

    def _next_section(self) -> int:
        return len(self.chapter.children) + 1

    def _measure_number_ok(self, n: int) -> bool:
        container = self._container()
        count = len(container.measures)
        if count:
            return n == int(container.measures[-1].number) + 1 if container.measures[-1].number.isdigit() else n == count + 1
        return n == 1 or n == self.last_measure_number + 1     # numbering may run on across sections

    def _open_chapter(self, para, m) -> None:
        number = m.group("a") or m.group("b")
        title, rest = self._title(para.text, m.end())
        chapter = Section(number=number, title=title, span=para.span(self.source, 0, rest), level=1,
                          path=str(numeral(number)))
        self.sections.append(chapter)
        self.chapter, self.section, self.measure, self.sub_item = chapter, None, None, None
        self._texts[id(chapter)] = [(para, rest)]

    def _open_section(self, para, m) -> None:
        number = m.group("a") or m.group("b")
        title, rest = self._title(para.text, m.end())
        section = Section(number=f"（{number}）", title=title, span=para.span(self.source, 0, rest), level=2,
                          path=f"{self.chapter.path}.{numeral(number)}")
        self.chapter.children.append(section)
        self.section, self.measure, self.sub_item = section, None, None
        self._texts[id(section)] = [(para, rest)]

    def _title(self, text: str, start: int) -> tuple[str, int]:
        body = text[start:]
        m = LEAD_END.search(body)
        if m and m.start() <= MAX_TITLE:
            return body[: m.start()].strip(), start + m.end()
        if len(body) <= MAX_TITLE:
            return body.strip(), len(text)
        return body[:MAX_TITLE].strip(), start + MAX_TITLE

    def _open_measure(self, para, m) -> None:
        container = self._container()
        number = m.group("n")
        measure = Measure(number=number, heading="", text="", span=para.span(self.source),
                          path=f"{container.path}-m{number}")
        container.measures.append(measure)
        self.measure, self.sub_item = measure, None
        self.last_measure_number = int(number)
        self._texts[id(measure)] = [(para, m.end())]

    def _open_sub_item(self, para, m) -> None:
        number = m.group("n")
        item = Measure(number=number, heading="", text="", span=para.span(self.source),
                       path=f"{self.measure.path}-i{number}", kind="sub_item")
        self.measure.items.append(item)
        self.sub_item = item
        self._texts[id(item)] = [(para, m.end())]

    def _append(self, para, start) -> None:
        target = self.sub_item or self.measure or self.section or self.chapter
        if target is None:
            return          # preamble: metadata reads it separately
        self._texts[id(target)].append((para, start))

    def add_task_rows(self, rows: list[Measure], table_number: int) -> None:
        """Rows of a task table (项目 / 要求) become measures of the section the table stands in."""
        container = self._container()
        if container is None:
            return
        for row in rows:
            row.path = f"{container.path}-t{table_number}r{row.number}"
            container.measures.append(row)
        self.measure, self.sub_item = None, None

    # ---- text and spans ----------------------------------------------------------------------
    def finish(self) -> list[Section]:
        def fill_section(section: Section) -> None:
            parts = self._texts.get(id(section), [])
            section.text = "".join(p.text[s:] for p, s in parts).strip()
            for measure in section.measures:
                fill_measure(measure)
            for child in section.children:
                fill_section(child)
            last = _last_span(section)
            if last is not None and last.end > section.span.end:
                section.span = self.source.span(section.span.start, last.end)

        def fill_measure(measure: Measure) -> None:
            parts = self._texts.get(id(measure))
            if parts is None:               # a task-table row: filled by the table reader
                return
            for item in measure.items:
                fill_measure(item)
            first_para, first_start = parts[0]
            measure.text = "".join(p.text[s:] for p, s in parts).strip()
            measure.heading, _ = lead_sentence(measure.text)
            last_para, _ = parts[-1]
            end_para = last_para
            end = end_para.offsets[-1] + 1
            if measure.items:
                end = max(end, measure.items[-1].span.end)
            start = first_para.offsets[first_start] if first_start < len(first_para.offsets) else first_para.offsets[0]
            measure.span = self.source.span(start, end)

        for chapter in self.sections:
            fill_section(chapter)
        return self.sections


def _last_span(section: Section):
    spans = [m.span for m in section.measures] + [c.span for c in section.children]
    return max(spans, key=lambda s: s.end) if spans else None
