"""Read one plan file into a ``PlanRecord``: layout, tables, sections, metadata, targets, institutions."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import loaders
from loaders import metadata, regions
from loaders.encoding import read_text
from loaders.errors import PlanParseError
from loaders.headings import SectionParser
from loaders.layout import Line, SourceText, noise_lines, paragraphs, without_page_marker, wrap_width
from loaders.doc_kinds import classify
from loaders.records import DocumentRef, InstitutionMention, PlanRecord, Span, Target
from loaders.table_rows import build_rows
from loaders.tables import find_tables

BODY_END = re.compile(r"^(?:抄送|抄\s*送)[：:]")


def parse_plan(path) -> PlanRecord:
    path = Path(path)
    text, encoding, raw = read_text(path, keep_line_ends=True)
    try:
        return _parse(path, text, encoding, raw)
    except PlanParseError:
        raise
    except Exception as exc:   # a layout the loaders do not know must still name the file, not crash a batch
        raise PlanParseError(path, f"could not be read as a plan ({type(exc).__name__}: {exc})") from exc


def plan_files(directory) -> list[Path]:
    """The plan files of a folder and its subfolders (suffix in any case; hidden entries skipped), sorted."""
    directory = Path(directory)
    if not directory.is_dir():
        raise PlanParseError(directory, "not a folder")
    found = [p for p in directory.rglob("*")
             if p.suffix.lower() in loaders.PLAN_SUFFIXES and p.is_file()
             and not any(part.startswith(".") for part in p.relative_to(directory).parts)]
    return sorted(found, key=lambda p: p.relative_to(directory).as_posix())


def parse_dir(directory):
    for path in plan_files(directory):
        try:
            yield path, parse_plan(path)
        except PlanParseError as exc:
            yield path, exc


def _content_lines(source: SourceText) -> list[Line]:
    noise = noise_lines(source)
    lines = []
    for line in source.lines:
        if line.no in noise or not line.text:
            continue
        line = without_page_marker(line)
        if BODY_END.match(line.text):
            break
        lines.append(line)
    return lines


def _parse(path: Path, text: str, encoding: str, raw: bytes) -> PlanRecord:
    source = SourceText(text, str(path))
    lines = _content_lines(source)
    if not lines:
        raise PlanParseError(path, "no text lines")
    head = metadata.read_head(source, lines)
    if not head.title:
        raise PlanParseError(path, "no plan title found: expected a line naming the plan (…规划 / …计划 / …纲要) near the top")
    body = lines[head.title_index + 1:]
    width = wrap_width(body)
    tables = find_tables(body)

    parser = SectionParser(source)
    all_paras = []
    indicators, previous, projects, table_records = [], [], [], []
    cursor = 0
    for number, table in enumerate(tables, start=1):
        paras = paragraphs(body[cursor:table.first], width)
        for para in paras:
            parser.feed(para)
        all_paras.extend(paras)
        record, ind, prev, proj, tasks = build_rows(source, table)
        record.section = parser.current_path()
        if tasks:
            parser.add_task_rows(tasks, number)
        table_records.append(record)
        indicators += ind
        previous += prev
        projects += proj
        cursor = table.end
    tail = paragraphs(body[cursor:], width)
    for para in tail:
        parser.feed(para)
    all_paras.extend(tail)
    sections = parser.finish()

    head_paras = paragraphs(lines[: head.title_index + 1], width)
    preamble_text = "".join(p.text for p in all_paras[:6])
    start, end, outlook = metadata.period(preamble_text + "".join(p.text for p in all_paras), head.title)
    region = regions.resolve(head.title)
    basis, basis_other, basis_span = metadata.basis(source, all_paras[:12])
    citations = metadata.citations(source, head_paras + all_paras, {b.title for b in basis} | {head.title})

    record = PlanRecord(
        file=path.name, title=head.title, region=region,
        period_start=start, period_end=end, outlook_year=outlook,
        issuers=head.issuers or [], doc_number=head.doc_number, issued=head.issued, draft=head.draft,
        plan_type=metadata.plan_type(head.title, region.name if region else None),
        basis=basis, basis_other=basis_other, citations=citations,
        sections=sections, indicators=indicators, previous_indicators=previous,
        tables=table_records, projects=projects, targets=[], institutions=[],
        title_span=head.title_span, basis_span=basis_span,
        encoding=encoding, path=str(path), sha256=hashlib.sha256(raw).hexdigest(), chars=len(text),
    )
    _table_citations(source, record, {b.title for b in basis} | {head.title})
    for ref in record.basis + record.citations:
        metadata.describe_document(ref)
    record.targets = _targets(source, record)
    record.institutions = _institutions(source, record, lines[: head.title_index + 1])
    return record


def align_offsets(source: SourceText, span: Span, text: str) -> list[int]:
    """Original offset of every character of ``text``, a record's text read from ``span``.

    Record texts drop line breaks, page markers and emphasis but keep every other character in
    order, so each character is found by walking forward through the original.
    """
    original = source.text
    offsets = []
    pos = span.start
    for ch in text:
        found = original.find(ch, pos, span.end + 1) if not ch.isspace() else -1
        if found < 0:
            offsets.append(offsets[-1] if offsets else span.start)
            continue
        offsets.append(found)
        pos = found + 1
    return offsets


def measure_offsets(source: SourceText, measure) -> list[int]:
    """Original offsets of a measure's text; a task-table row prints its number and item name first."""
    if measure.kind == "task_row":
        lead = measure.number + measure.heading
        offsets = align_offsets(source, measure.span, lead + measure.text)
        return offsets[len(lead):]
    return align_offsets(source, measure.span, measure.text)


def _table_citations(source: SourceText, record: PlanRecord, exclude: set[str]) -> None:
    """Titles named inside task-table rows, which are not paragraphs, count as citations too."""
    known = {c.title: c for c in record.citations}
    for measure in record.iter_measures():
        if measure.kind != "task_row":
            continue
        offsets = None
        for m in metadata.TITLE_IN_BOOK.finditer(measure.text):
            title = metadata.normalise_title(m.group(1))
            if title in exclude:
                continue
            if title in known:
                known[title].count += 1
                continue
            offsets = offsets or measure_offsets(source, measure)
            ref = DocumentRef(title=title, kind=classify(title), span=source.span(offsets[m.start()], offsets[m.end() - 1] + 1))
            known[title] = ref
            record.citations.append(ref)
    record.citations.sort(key=lambda c: c.span.start if c.span else 0)


def _targets(source: SourceText, record: PlanRecord) -> list[Target]:
    from loaders.targets import extract_targets

    found = []
    for measure in record.iter_measures():
        text = measure.text
        if not text:
            continue
        offsets = None
        for match in extract_targets(text):
            offsets = offsets or measure_offsets(source, measure)
            span = source.span(offsets[match.start], offsets[match.end - 1] + 1)
            found.append(Target(subject=match.subject, comparator=match.comparator, value=match.value,
                                unit=match.unit, qualifier=match.qualifier, text=match.text, span=span,
                                measure=measure.path))
    return found


def _institutions(source: SourceText, record: PlanRecord, head_lines: list[Line]) -> list[InstitutionMention]:
    from loaders.institutions import find_institutions, issuer_id

    mentions = []
    for name in record.issuers:
        concept = issuer_id(name)
        line = next((l for l in head_lines if name in l.text), None)
        if concept is None or line is None:
            continue
        start = line.start + line.raw.index(name)
        label = next((m.name for m in find_institutions(name) if m.id == concept), name)
        mentions.append(InstitutionMention(id=concept, name=label, mention=name,
                                           span=source.span(start, start + len(name)), role="issuer"))
    for measure in record.iter_measures():
        text = measure.text
        offsets = None
        for m in find_institutions(text):
            offsets = offsets or measure_offsets(source, measure)
            span = source.span(offsets[m.start], offsets[m.end - 1] + 1)
            mentions.append(InstitutionMention(id=m.id, name=m.name, mention=m.mention, span=span,
                                               role="involved", measure=measure.path))
    return mentions
