"""Read a plan file as text: detect its encoding, refuse binary or non-text input."""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from loaders.errors import PlanParseError

MAX_BYTES = 16 * 1024 * 1024      # plan texts run to a few hundred KB; a larger file is not one plan
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters other than tab, newline, carriage return and form feed mark binary data.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def read_text(path, keep_line_ends: bool = False) -> tuple[str, str, bytes]:
    """Return ``(text, encoding, raw_bytes)``; newlines are normalised to ``\\n`` unless ``keep_line_ends``
    (the decoded original, which record offsets count into)."""
    path = Path(path)
    if not path.is_file():
        raise PlanParseError(path, "no such file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise PlanParseError(path, f"file is {size / 1048576:.1f} MB; a plan text is at most {MAX_BYTES // 1048576} MB "
                                  "(is it several plans, or not a plan?)")
    raw = path.read_bytes()
    if not raw.strip():
        raise PlanParseError(path, "file is empty")
    text, encoding = _decode(path, raw)
    controls = len(_CONTROL.findall(text, 0, 100_000))
    if controls > 0:
        raise PlanParseError(path, f"not a text file: {controls} control characters in the first 100000 characters")
    if not keep_line_ends:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, encoding, raw


def _where(raw: bytes, offset: int) -> str:
    """``byte 0xff at offset 1000 (line 12)``: where a decoder stopped, counted in the file's bytes."""
    line = raw.count(b"\n", 0, offset) + 1
    return f"byte 0x{raw[offset]:02x} at offset {offset} (line {line})"


def _decode(path, raw: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise PlanParseError(path, f"starts with a {encoding} byte-order mark but does not decode: {exc.reason}")
    if b"\x00" in raw[:4096]:
        raise PlanParseError(path, "not a text file: it contains NUL bytes (binary data or UTF-16 without a byte-order mark)")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        as_utf8 = exc
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError as exc:
        # the encoding that decodes further is the file's; its first bad byte is the one to show
        encoding, first = max((("UTF-8", as_utf8), ("GB18030", exc)), key=lambda pair: pair[1].start)
        raise PlanParseError(path, f"not UTF-8, UTF-16 or GB18030 text: {_where(raw, first.start)} is not "
                                   f"valid {encoding} (the file decodes as {encoding} up to there)")
    # GB18030 decodes almost any byte string; accept it only when the result is mostly CJK text.
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    printable = sum(1 for ch in text if ch.isprintable() or ch in "\n\t")
    if cjk < len(text) * 0.2 or printable < len(text) * 0.95:
        raise PlanParseError(path, "not a text file: the bytes are neither UTF-8 nor plausible GB18030 Chinese "
                                   f"text ({_where(raw, as_utf8.start)} is not valid UTF-8)")
    return text, "gb18030"
