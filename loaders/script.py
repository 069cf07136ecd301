"""Normalise a plan's text for reading, one character for one: traditional to simplified, full-width forms.

Every replacement keeps the text's length, so an offset into the normalised text is the same offset
into the original: records read the normalised text and their spans point into the original.
"""
from __future__ import annotations

from functools import lru_cache

# Full-width digits, Latin letters and ％ read as ASCII; corner brackets as the quotes plan titles use.
WIDTH = {**{0xFF10 + i: 0x30 + i for i in range(10)},
         **{0xFF21 + i: 0x41 + i for i in range(26)}, **{0xFF41 + i: 0x61 + i for i in range(26)},
         0xFF05: ord("%"), 0xFF0E: ord("."), 0x300C: ord("“"), 0x300D: ord("”"), 0x300E: ord("‘"), 0x300F: ord("’"),
         0xFF5E: ord("~"), 0x2236: ord("：")}
SAMPLE = 4000           # characters looked at to decide whether a text is in traditional characters
TRADITIONAL_SHARE = 0.03


@lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC

    return OpenCC("t2s")


def _same_length(text: str) -> str:
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase rule changed the length: convert character by character, keeping any that would not fit.
    out = []
    for ch in text:
        single = _converter().convert(ch)
        out.append(single if len(single) == 1 else ch)
    return "".join(out)


@lru_cache(maxsize=1)
def _traditional_characters() -> frozenset:
    """Characters OpenCC's own TSCharacters table turns into another character (its package data)."""
    from pathlib import Path

    import opencc

    table = Path(opencc.__file__).resolve().parent / "dictionary" / "TSCharacters.txt"
    found = set()
    for line in table.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        if len(source) == 1 and targets and targets.split()[0] != source:
            found.add(source)
    return frozenset(found)


def is_traditional(text: str) -> bool:
    """True when a noticeable share of the Chinese characters are traditional forms."""
    sample = [ch for ch in text[:SAMPLE] if "\u4e00" <= ch <= "\u9fff"]
    if not sample:
        return False
    traditional = _traditional_characters()
    changed = sum(1 for ch in sample if ch in traditional)
    return changed >= max(3, len(sample) * TRADITIONAL_SHARE)


def normalise(text: str) -> tuple[str, str]:
    """``(text to read, script)``: the text in simplified characters and ASCII digits, same length."""
    script = "simplified"
    if is_traditional(text):
        text = _same_length(text)
        script = "traditional"
    return text.translate(WIDTH), script
