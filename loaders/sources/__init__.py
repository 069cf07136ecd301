"""Read a plan file of any supported format (text, PDF, DOCX, HTML) into the text the loaders parse."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from loaders.errors import PlanParseError

MAX_BYTES = 16 * 1024 * 1024      # a plan runs to a few hundred KB of text, a few MB as PDF
FORMATS = {".txt": "text", ".text": "text", ".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html"}


@dataclass
class Source:
    """Extracted text (a text file's line ends kept as they are; others' normalised) and where it came from.

    ``page_starts[i]`` is the offset in ``text`` where page ``i + 1`` begins (PDF only).
    """
    text: str
    format: str                  # text | pdf | docx | html
    encoding: str
    raw: bytes
    page_starts: list[int] = field(default_factory=list)


def source_format(path) -> str | None:
    return FORMATS.get(Path(path).suffix.lower())


def read_source(path) -> Source:
    """The text of a plan file; raise ``PlanParseError`` naming the file when it cannot be read."""
    path = Path(path)
    kind = source_format(path) or "text"
    if kind == "text":
        from loaders.encoding import read_text

        text, encoding, raw = read_text(path, keep_line_ends=True)  # offsets count into the decoded original
        return Source(text, "text", encoding, raw)
    if not path.is_file():
        raise PlanParseError(path, "no such file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise PlanParseError(path, f"file is {size / 1048576:.1f} MB; a plan {kind.upper()} is at most "
                                  f"{MAX_BYTES // 1048576} MB")
    raw = path.read_bytes()
    if not raw.strip():
        raise PlanParseError(path, "file is empty")
    if kind == "pdf":
        from loaders.sources.pdf import extract
    elif kind == "docx":
        from loaders.sources.docx import extract
    else:
        from loaders.sources.html import extract
    source = extract(path, raw)
    if not source.text.strip():
        raise PlanParseError(path, f"the {kind.upper()} holds no text (a scanned image needs OCR first)")
    return source
