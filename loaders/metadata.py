"""Plan metadata from the document head and preamble: title, period, issuers, 文号, date, draft, basis."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import cn2an

from loaders import regions
from loaders.doc_kinds import classify
from loaders.layout import Line, Paragraph, SourceText
from loaders.records import DocumentRef, Region, Span

TITLE_END = re.compile(r"(?:规划|计划|纲要)(?:\s*[（(][^)）]{1,12}[)）])?$")
NOTICE = re.compile(r"(关于印发|的通知|转发)")
DRAFT = re.compile(r"征求意见稿|送审稿|草案|讨论稿")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}\s*[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*\d{1,4}\s*号")
DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
DOC_MARK = re.compile(r"^(?P<who>.*?)\s*文\s*件$")
PERIOD = re.compile(r"(?:规划|实施)?(?:期限|时期|期)为?\s*((?:19|20)\d{2})\s*年?\s*[—\-–－~至到]+\s*((?:19|20)\d{2})\s*年")
OUTLOOK = re.compile(r"展望(?:到|至)\s*((?:19|20)\d{2})\s*年")
FYP = re.compile(r"[“\"]?(?P<n>[一二三四五六七八九十]{2,3})五[”\"]?")
TITLE_IN_BOOK = re.compile(r"《([^《》]{2,120})》")
BASIS_SENTENCE = re.compile(r"(?:根据|依据|按照)(?P<body>.{2,600}?)[，,]?\s*(?:特)?(?:制定|编制|制订)")
ISSUER_BEFORE = re.compile(r"([\u4e00-\u9fff]{2,20}?)$")
BODY_SUFFIX = re.compile(r"(人民政府|政府|委员会|联合会|办公室|办公厅|国务院|部|厅|局|委|会)$")
PERIOD_WORDS = re.compile(r"[“\"]?[一二三四五六七八九十]{2,3}五[”\"]?(?:时期)?|(?:19|20)\d{2}\s*[—\-–－~至]\s*(?:19|20)\d{2}\s*年?")


@dataclass
class Head:
    title: str = ""
    title_span: Span | None = None
    draft: bool = False
    issuers: list[str] | None = None
    doc_number: str | None = None
    issued: str | None = None
    title_index: int = 0         # index in ``lines`` of the plan title line


def normalise_title(title: str) -> str:
    title = re.sub(r"\s+", "", title)
    return title.replace('"', "”").replace("＂", "”")


def read_head(source: SourceText, lines: list[Line]) -> Head:
    """Title, draft flag, issuers, 文号 and date from the lines before the plan text starts."""
    head = Head()
    index = _title_index(lines)
    if index is None:
        return head
    first, last = index
    head.title = normalise_title("".join(l.text for l in lines[first:last + 1]))
    head.title_span = source.line_span(lines[first], lines[last])
    head.title_index = last
    window = lines[: last + 4]
    head.draft = any(DRAFT.search(l.text) for l in window)
    before = lines[:first]
    head.doc_number = next((re.sub(r"\s+", "", m.group(0)) for l in before if (m := DOC_NUMBER.search(l.text))), None)
    dates = [m for l in before if (m := DATE.search(l.text))]
    if dates:
        y, mo, d = dates[0].groups()
        head.issued = f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"
    head.issuers = _issuers(before)
    return head


def _title_index(lines: list[Line]) -> tuple[int, int] | None:
    """The first standalone line that names the plan (or two lines that together do)."""
    for i, line in enumerate(lines[:80]):
        text = line.text.replace("**", "")
        if not text or NOTICE.search(text) or "《" in text or len(text) > 60:
            continue
        if TITLE_END.search(text) and not text.startswith(("根据", "依据")):
            if i > 0 and _title_start(lines[i - 1].text) and not TITLE_END.search(lines[i - 1].text):
                return i - 1, i
            return i, i
    return None


def _title_start(text: str) -> bool:
    """A line that may be the first half of a title broken across two lines."""
    return (0 < len(text) <= 30 and not re.search(r"[。，；：、（）()]", text) and not NOTICE.search(text)
            and not DOC_NUMBER.search(text) and not DOC_MARK.match(text) and not DATE.search(text)
            and not BODY_SUFFIX.search(text))


def _issuers(before: list[Line]) -> list[str]:
    """Issuing bodies printed above 文件 in the red head (drafts have none)."""
    for i, line in enumerate(before):
        m = DOC_MARK.match(line.text)
        if not m:
            continue
        names = m.group("who").split()
        j = i - 1
        while j >= 0 and before[j].text and BODY_SUFFIX.search(before[j].text.split()[-1]) and len(before[j].text) <= 40:
            names = before[j].text.split() + names
            j -= 1
        return [n for n in names if BODY_SUFFIX.search(n)]
    for line in before:     # "X关于印发…的通知" names the issuer before 关于
        m = re.match(r"^(?P<who>[\u4e00-\u9fff ]{4,60}?)关于印发", line.text)
        if m:
            return [n for n in m.group("who").split() if BODY_SUFFIX.search(n)]
    return []


def plan_type(title: str, region_name: str | None) -> str | None:
    rest = title
    if region_name and rest.startswith(region_name):
        rest = rest[len(region_name):]
    rest = PERIOD_WORDS.sub("", rest)
    rest = re.sub(r"[（(][^)）]*[)）]$", "", rest)
    return rest or None


# Kinds of document that, naming no region in their title, are the nation's (local ones always name theirs;
# a policy's title alone cannot tell who issued it, so such policies cover no region).
NATIONAL_KINDS = ("plan", "outline", "law", "regulation")
PLAN_KINDS = ("plan",)


@lru_cache(maxsize=4096)
def _title_region(title: str) -> Region | None:
    return regions.resolve(title, anywhere=True)


def describe_document(ref: DocumentRef) -> DocumentRef:
    """Fill in what a referenced document's title says: region (with parents), period and plan type."""
    named = _title_region(ref.title)
    ref.region = named or (regions.national() if ref.kind in NATIONAL_KINDS else None)
    ref.period_start, ref.period_end, _ = period("", ref.title)
    if ref.kind in PLAN_KINDS:
        ref.plan_type = plan_type(ref.title, named.name if named else None)
    return ref


def period(text: str, title: str) -> tuple[int | None, int | None, int | None]:
    start = end = None
    m = PERIOD.search(text)
    if m:
        start, end = int(m.group(1)), int(m.group(2))
    else:
        fm = FYP.search(title) or FYP.search(text)
        if fm:
            n = int(cn2an.cn2an(fm.group("n"), "smart"))
            if n >= 6:          # from the sixth plan (1981) on, plans follow five-year steps
                start = 2006 + 5 * (n - 11)
                end = start + 4
    outlook = None
    m = OUTLOOK.search(text)
    if m:
        outlook = int(m.group(1))
    elif end:
        later = [int(y) for y in re.findall(r"到\s*((?:19|20)\d{2})\s*年", text) if int(y) > end]
        later += [int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年[^。《》]{0,16}远景目标(?![^《]*》)", text) if int(y) > end]
        outlook = min(later) if later else None
    return start, end, outlook


def basis(source: SourceText, paras: list[Paragraph]) -> tuple[list[DocumentRef], list[str], Span | None]:
    """Documents named in the 根据 … 制定 sentence, and bases without a title (有关工作要求)."""
    for para in paras:
        m = BASIS_SENTENCE.search(para.text)
        if not m or "《" not in m.group("body") and "要求" not in m.group("body"):
            continue
        body_start = m.start("body")
        body = m.group("body")
        refs = []
        for t in TITLE_IN_BOOK.finditer(body):
            issuer = _issuer_before(body[: t.start()])
            title = normalise_title(t.group(1))
            refs.append(DocumentRef(title=title, kind=classify(title), issuer=issuer,
                                    span=para.span(source, body_start + t.start(), body_start + t.end())))
        others = []
        leftover = TITLE_IN_BOOK.sub("、", body)
        for piece in re.split(r"[、，,和及与]|精神", leftover):
            piece = piece.strip()
            if piece.endswith("要求") and len(piece) > 4:
                others.append(piece)
        return refs, others, para.span(source, m.start(), m.end())
    return [], [], None


def _issuer_before(text: str) -> str | None:
    tail = re.split(r"[、，,和及与]", text)[-1].strip()
    return tail if tail and BODY_SUFFIX.search(tail) else None


def citations(source: SourceText, paras: list[Paragraph], exclude: set[str]) -> list[DocumentRef]:
    """Every other title in 《》, once each, with how often it occurs and where it first does."""
    found: dict[str, DocumentRef] = {}
    for para in paras:
        for t in TITLE_IN_BOOK.finditer(para.text):
            title = normalise_title(t.group(1))
            if title in exclude:
                continue
            if title in found:
                found[title].count += 1
                continue
            found[title] = DocumentRef(title=title, kind=classify(title), issuer=_issuer_before(para.text[: t.start()]),
                                       span=para.span(source, t.start(), t.end()))
    return list(found.values())
