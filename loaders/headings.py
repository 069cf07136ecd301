"""The section tree of a plan: parts (第一篇), chapters (一、 / 第一章), sections (（一）/ 第一节),
measures (1. / 第一条 / 一、 under 第一章-style chapters / 一是…二是… in a paragraph) and sub-items ((1)).

Ordinals are checked against the sequence (a chapter after 二 is 三), so a wrapped line that happens
to start with "2." inside a sentence does not open a measure. An extract that starts inside a
document may open with any ordinal.
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
PART = re.compile(r"^第(?P<a>[一二三四五六七八九十]{1,3})篇\s*")
ARTICLE = re.compile(r"^第(?P<n>[一二三四五六七八九十百零〇]{1,5})条\s*")
CN_ITEM = re.compile(r"^(?P<n>[一二三四五六七八九十]{1,3})[、．.]\s*")
NAMED_CHAPTER = re.compile(r"^第[一二三四五六七八九十]{1,3}章", re.M)
NAMED_PART = re.compile(r"^第[一二三四五六七八九十]{1,3}篇", re.M)
ENUMERATION = re.compile(r"(?P<n>[一二三四五六七八九十]{1,2})是")


@dataclass
class Style:
    """How a document numbers its headings, read from all its lines before the tree is built."""
    parts: bool = False            # 第一篇 above the chapters
    named_chapters: bool = False   # chapters are 第一章, so 一、 numbers measures
    extract: bool = False          # the text starts inside a document: the first ordinals may be any

    @classmethod
    def of(cls, text: str, extract: bool = False) -> "Style":
        return cls(bool(NAMED_PART.search(text)), bool(NAMED_CHAPTER.search(text)), extract)
# A sentence ends at full-width 。！？；, or at a half-width . between Chinese characters (资源.每个区).
LEAD_END = re.compile(r"[。！？；]|(?<=[\u4e00-\u9fff])\.(?=[\u4e00-\u9fff])")
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

    def __init__(self, source: SourceText, style: Style | None = None):
        self.source = source
        self.style = style or Style()
        self.sections: list[Section] = []
        self.part: Section | None = None
        self.last_chapter = 0
        self.chapter: Section | None = None
        self.section: Section | None = None
        self.measure: Measure | None = None
        self.sub_item: Measure | None = None
        self.last_measure_number = 0
        self.table_counter = 0
        self._texts: dict[int, list] = {}     # id(item) -> [(paragraph, start, end or None)]
        self.section_offsets: dict[str, list[int]] = {}   # section path -> original offset of each text char

    # ---- structure -------------------------------------------------------------------------
    def _container(self) -> Section | None:
        return self.section or self.chapter or self.part

    def current_path(self) -> str | None:
        """Path of the section (or chapter) text is being read into."""
        container = self._container()
        return container.path if container is not None else None

    def feed(self, para: Paragraph) -> None:
        text = para.text
        style = self.style
        m = PART.match(text)
        if m and style.parts and numeral(m.group("a")) == len(self.sections) + 1:
            self._open_part(para, m)
            return
        m = CHAPTER.match(text)
        if m and not (style.named_chapters and m.group("b")) and self._chapter_ok(numeral(m.group("a") or m.group("b"))):
            self._open_chapter(para, m)
            return
        m = SECTION.match(text)
        if m and self._section_ok(numeral(m.group("a") or m.group("b"))):
            if self.chapter is None:
                self._open_chapter(None, None)       # an extract that starts inside a chapter
            self._open_section(para, m)
            return
        for pattern, ok in ((MEASURE, True), (ARTICLE, True), (CN_ITEM, style.named_chapters)):
            m = pattern.match(text)
            if m and ok and self._container() is not None and self._measure_number_ok(numeral(m.group("n"))):
                self._open_measure(para, m, str(numeral(m.group("n"))))
                return
        m = SUB_ITEM.match(text)
        if m and self.measure is not None and int(m.group("n")) == len(self.measure.items) + 1:
            self._open_sub_item(para, m)
            return
        if self._enumeration(para):
            return
        self._append(para, 0)

    def _chapter_ok(self, n: int) -> bool:
        if self.last_chapter:
            return n == self.last_chapter + 1
        return n == 1 or self.style.extract

    def _section_ok(self, n: int) -> bool:
        if self.chapter is None:
            return self.style.extract and not self.sections
        if self.chapter.children:
            return n == numeral(self.chapter.children[-1].number.strip("（）")) + 1
        return n == 1 or self.style.extract and self.chapter.number == ""

    def _measure_number_ok(self, n: int) -> bool:
        container = self._container()
        count = len(container.measures)
        if count:
            return n == int(container.measures[-1].number) + 1 if container.measures[-1].number.isdigit() else n == count + 1
        if self.style.extract and not self.last_measure_number:
            return True
        return n == 1 or n == self.last_measure_number + 1     # numbering may run on across sections

    def _open_part(self, para, m) -> None:
        number = m.group("a")
        title, rest = self._title(para.text, m.end())
        part = Section(number=number, title=title, span=para.span(self.source, 0, rest), level=1,
                       path=str(numeral(number)))
        self.sections.append(part)
        self.part, self.chapter, self.section, self.measure, self.sub_item = part, None, None, None, None
        self._texts[id(part)] = [(para, rest, None)]
    def _open_chapter(self, para, m) -> None:
        """A chapter; without a paragraph, the unnamed chapter an extract starts inside (path 0)."""
        if para is None:
            number, title, rest, n = "", "", 0, 0
            span = None
        else:
            number = m.group("a") or m.group("b")
            title, rest = self._title(para.text, m.end())
            n = numeral(number)
            span = para.span(self.source, 0, rest)
            self.last_chapter = n
        parent = self.part
        chapter = Section(number=number, title=title, span=span, level=2 if parent else 1,
                          path=f"{parent.path}.{n}" if parent else str(n))
        (parent.children if parent else self.sections).append(chapter)
        self.chapter, self.section, self.measure, self.sub_item = chapter, None, None, None
        self._texts[id(chapter)] = [(para, rest, None)] if para is not None else []

    def _open_section(self, para, m) -> None:
        number = m.group("a") or m.group("b")
        title, rest = self._title(para.text, m.end())
        section = Section(number=f"（{number}）", title=title, span=para.span(self.source, 0, rest),
                          level=self.chapter.level + 1, path=f"{self.chapter.path}.{numeral(number)}")
        self.chapter.children.append(section)
        if self.chapter.span is None:
            self.chapter.span = section.span
        self.section, self.measure, self.sub_item = section, None, None
        self._texts[id(section)] = [(para, rest, None)]

    def _title(self, text: str, start: int) -> tuple[str, int]:
        body = text[start:]
        m = LEAD_END.search(body)
        if m and m.start() <= MAX_TITLE:
            return body[: m.start()].strip(), start + m.end()
        if len(body) <= MAX_TITLE:
            return body.strip(), len(text)
        return body[:MAX_TITLE].strip(), start + MAX_TITLE

    def _open_measure(self, para, m, number: str) -> None:
        container = self._container()
        measure = Measure(number=number, heading="", text="", span=para.span(self.source),
                          path=f"{container.path}-m{number}")
        container.measures.append(measure)
        self.measure, self.sub_item = measure, None
        self.last_measure_number = int(number)
        self._texts[id(measure)] = [(para, m.end(), None)]

    def _open_sub_item(self, para, m) -> None:
        number = m.group("n")
        item = Measure(number=number, heading="", text="", span=para.span(self.source),
                       path=f"{self.measure.path}-i{number}", kind="sub_item")
        self.measure.items.append(item)
        self.sub_item = item
        self._texts[id(item)] = [(para, m.end(), None)]

    def _enumeration(self, para) -> bool:
        """一是…二是…三是… in one paragraph: measures of the section, or parts of the open measure."""
        marks, expected = [], 1
        for m in ENUMERATION.finditer(para.text):
            if numeral(m.group("n")) == expected and (m.start() == 0 or para.text[m.start() - 1] in "，。；：,;: "):
                marks.append(m)
                expected += 1
        container = self._container()
        if len(marks) < 2 or container is None or self.sub_item is not None:
            return False
        if marks[0].start() > 0:
            self._append(para, 0, marks[0].start())
        owner = self.measure
        for index, m in enumerate(marks, start=1):
            end = marks[index].start() if index < len(marks) else None
            stop = end if end is not None else len(para.text)
            item = Measure(number=m.group("n"), heading="", text="", span=para.span(self.source, m.start(), stop),
                           path=f"{(owner or container).path}-e{index}", kind="sub_item" if owner else "measure")
            (owner.items if owner else container.measures).append(item)
            self._texts[id(item)] = [(para, m.end(), end)]
        if owner is None:
            self.measure = None
        return True

    def _append(self, para, start, end=None) -> None:
        target = self.sub_item or self.measure or self.section or self.chapter or self.part
        if target is None:
            return          # preamble: metadata reads it separately
        self._texts[id(target)].append((para, start, end))

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
            section.text, self.section_offsets[section.path] = _joined(self._texts.get(id(section), []))
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
            first_para, first_start, _ = parts[0]
            measure.text = "".join(p.text[s:e] for p, s, e in parts).strip()
            measure.heading, _ = lead_sentence(measure.text)
            last_para, _, last_end = parts[-1]
            end = last_para.offsets[(last_end or len(last_para.text)) - 1] + 1
            if measure.items:
                end = max(end, measure.items[-1].span.end)
            start = first_para.offsets[first_start] if first_start < len(first_para.offsets) else first_para.offsets[0]
            measure.span = self.source.span(start, end)

        for chapter in self.sections:
            fill_section(chapter)
        return self.sections


def _joined(parts) -> tuple[str, list[int]]:
    """The text of ``(paragraph, start, end)`` parts, stripped, with the original offset of each character."""
    text, offsets = "", []
    for para, start, end in parts:
        end = len(para.text) if end is None else end
        text += para.text[start:end]
        offsets += para.offsets[start:end]
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    return stripped, offsets[lead:lead + len(stripped)]


def _last_span(section: Section):
    spans = [m.span for m in section.measures] + [c.span for c in section.children]
    return max(spans, key=lambda s: s.end) if spans else None
