"""Bad input: each file gets a correct parse or an error naming the file and the reason."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from loaders import PlanParseError, parse

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name, reason", [
    ("empty.txt", "file is empty"),
    ("blank.txt", "file is empty"),
    ("image.txt", "not a text file"),
    ("latin1.txt", "neither UTF-8 nor plausible GB18030"),
    ("no-title.txt", "no plan title found"),
])
def test_bad_file_is_refused_by_name(name, reason):
    path = DATA / "bad" / name
    with pytest.raises(PlanParseError) as info:
        parse(path)
    message = str(info.value)
    assert str(path) in message and reason in message


def test_missing_file():
    with pytest.raises(PlanParseError, match="no such file"):
        parse(DATA / "bad" / "does-not-exist.txt")


def test_fifty_megabyte_file(tmp_path):
    big = tmp_path / "huge-plan.txt"
    line = "残疾人事业发展规划文本。" * 10 + "\n"
    with big.open("w", encoding="utf-8") as handle:
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(line * 1000)
    with pytest.raises(PlanParseError) as info:
        parse(big)
    assert "huge-plan.txt" in str(info.value) and "MB" in str(info.value)


def test_utf16_without_bom_is_refused(tmp_path):
    path = tmp_path / "utf16le.txt"
    path.write_bytes("乐清市残疾人事业发展“十四五”规划\n".encode("utf-16-le"))
    with pytest.raises(PlanParseError, match="NUL bytes"):
        parse(path)


def test_cli_keeps_going_past_bad_files(tmp_path):
    for name in ("empty.txt", "image.txt"):
        (tmp_path / name).write_bytes((DATA / "bad" / name).read_bytes())
    good = ROOT / "data" / "plans" / "330300-wenzhou-2021-2025.txt"
    (tmp_path / "330300-wenzhou-2021-2025.txt").write_bytes(good.read_bytes())
    result = subprocess.run([sys.executable, "-m", "plankg_cli", "parse", str(tmp_path)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert "330300-wenzhou-2021-2025.txt: 温州市残疾人事业发展“十四五”规划" in result.stdout
    assert "2 file(s) could not be read" in result.stderr
    assert "empty.txt: file is empty" in result.stderr and "image.txt: not a text file" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_build_of_only_unreadable_files_fails_by_name(tmp_path):
    # nothing parses, so nothing is linked: a clear failure per file, not an error of the linker
    folder = tmp_path / "plans"
    folder.mkdir()
    for name in ("empty.txt", "image.txt"):
        (folder / name).write_bytes((DATA / "bad" / name).read_bytes())
    result = subprocess.run([sys.executable, "-m", "plankg_cli", "build", "--input", str(folder),
                             "--store", str(tmp_path / "store")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1, result.stderr
    assert "empty.txt: file is empty" in result.stderr and "image.txt: not a text file" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert result.stdout.strip().splitlines()[-1].endswith("0 violations; 2 failures")
