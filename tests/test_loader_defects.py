"""Issue 14 items 9 and 11 (loaders): page numbers beside text, running headers, decode offsets, CRLF, folders."""
import shutil
from pathlib import Path

import pytest

import loaders
from graph.rdf.build import plan_identity
from plankg_cli import main

PLANS = Path(__file__).resolve().parent.parent / "data" / "plans"
FILES = sorted(PLANS.glob("*.txt"))


def counts(record):
    return (record.title, record.region.code if record.region else None, len(record.indicators),
            len(record.previous_indicators), record.summary()["measures"], record.summary()["sections"])


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_page_number_beside_the_title_is_not_part_of_it(records, tmp_path, where):
    path = PLANS / "330800-quzhou-2021-2025.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip() == records["quzhou"].title)
    lines[at] = f"— 1 —    {lines[at]}" if where == "before" else f"{lines[at]}    — 1 —"
    (tmp_path / path.name).write_text("\n".join(lines), encoding="utf-8")
    record = loaders.parse(tmp_path / path.name)
    assert counts(record) == counts(records["quzhou"])
    assert plan_identity(record)[0] == plan_identity(records["quzhou"])[0]
    assert "unknown" not in plan_identity(record)[0]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem.split("-")[1])
def test_running_page_headers_every_sixty_lines_drop_nothing(path, tmp_path):
    original = loaders.parse(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    for phase in (0, 17, 38, 52):  # the header lands on different rows of the indicator tables
        with_headers = []
        for i, line in enumerate(lines):
            if i > 40 and (i - phase) % 60 == 0:
                with_headers.append(original.title)
            with_headers.append(line)
        (tmp_path / path.name).write_text("\n".join(with_headers), encoding="utf-8")
        assert counts(loaders.parse(tmp_path / path.name)) == counts(original), phase


def test_a_decode_error_names_the_offset_and_line_of_the_bad_byte(tmp_path):
    raw = (PLANS / "330300-wenzhou-2021-2025.txt").read_bytes()
    (tmp_path / "bad.txt").write_bytes(raw[:1000] + b"\xff" + raw[1000:])
    line = raw.count(b"\n", 0, 1000) + 1
    with pytest.raises(loaders.PlanParseError, match=f"byte 0xff at offset 1000 \\(line {line}\\) is not valid UTF-8"):
        loaders.parse(tmp_path / "bad.txt")


def test_offsets_of_a_crlf_file_count_into_its_decoded_original(records, tmp_path):
    text = (PLANS / "330300-wenzhou-2021-2025.txt").read_text(encoding="utf-8")
    crlf = text.replace("\n", "\r\n")
    (tmp_path / "crlf.txt").write_bytes(crlf.encode("utf-8"))
    record = loaders.parse(tmp_path / "crlf.txt")
    assert counts(record) == counts(records["wenzhou"])
    span = record.title_span
    assert crlf[span.start:span.end] == record.title
    plain = records["wenzhou"].sections
    for section, lf_section in zip(record.sections, plain):
        assert crlf[section.span.start:section.span.end].replace("\r\n", "\n") == \
            text[lf_section.span.start:lf_section.span.end]
        assert section.span.start_line == lf_section.span.start_line


def test_a_folder_of_plans_includes_upper_case_suffixes_and_subfolders(tmp_path, capsys):
    shutil.copy(PLANS / "330300-wenzhou-2021-2025.txt", tmp_path / "WENZHOU.TXT")
    (tmp_path / "county").mkdir()
    shutil.copy(PLANS / "330382-yueqing-2021-2025.txt", tmp_path / "county" / "yueqing.txt")
    (tmp_path / "notes.md").write_text("not a plan", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in loaders.plan_files(tmp_path)] == ["WENZHOU.TXT", "county/yueqing.txt"]
    assert main(["parse", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and "温州市" in out[0] and "乐清市" in out[1]


def test_an_empty_folder_is_an_error(tmp_path, capsys):
    assert main(["parse", str(tmp_path)]) == 2
    assert "no plan files" in capsys.readouterr().err
