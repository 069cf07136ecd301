"""Text normalisation, one module for the loaders and the graph: width folding, compaction, comparison keys.

    >>> from loaders.text import compact, fold_width, label_key, nfkc_compact
    >>> fold_width("＞９０％，（一）")                 # full-width forms to ASCII, one char for one
    '>90%,(一)'
    >>> compact("残疾人 之家\\n覆盖率")
    '残疾人之家覆盖率'
    >>> label_key("“十四五” 残疾人事业发展规划") == label_key('"十四五"残疾人事业发展规划')
    True
    >>> nfkc_compact("１００ ㎡")
    '100m2'

``fold_width`` keeps the length of the text, so offsets into the original stay valid; the others are
for comparing and matching, never for spans.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WHITESPACE = re.compile(r"\s+")
QUOTES_AND_SPACE = re.compile(r"[\s\"'“”‘’「」『』《》〈〉]+")


def compact(text: str) -> str:
    """Drop whitespace (hard wraps and page breaks leave spaces inside words and numbers)."""
    return WHITESPACE.sub("", text or "")


@lru_cache(maxsize=None)
def _folded(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch) if unicodedata.decomposition(ch).startswith("<wide>") else ch


def fold_width(text: str) -> str:
    """Full-width letters, digits and punctuation (Unicode ``<wide>`` forms) to ASCII; length preserved."""
    return "".join(_folded(ch) for ch in text) if not text.isascii() else text


def nfkc_compact(text: str) -> str:
    """Unicode NFKC (all compatibility forms) without whitespace: for similarity of texts."""
    return compact(unicodedata.normalize("NFKC", text or ""))


def label_key(text: str) -> str:
    """Compare printed names: NFKC (full-width to half-width), no quotes, no whitespace."""
    return QUOTES_AND_SPACE.sub("", unicodedata.normalize("NFKC", text or ""))
