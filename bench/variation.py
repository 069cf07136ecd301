"""Text variations for the synthetic corpus: rename regions, reword or change a measure, vary table values."""
from __future__ import annotations

import random
import re

# Verb pairs that plan writers swap when they adapt a parent plan's measure.
REWORDINGS = (("加强", "强化"), ("推进", "推动"), ("完善", "健全"), ("提高", "提升"), ("建立", "建设"),
              ("积极", "大力"), ("进一步", "持续"), ("落实", "贯彻"), ("鼓励", "支持"), ("开展", "实施"))
LOCAL_CLAUSES = ("，结合本地实际制定实施细则", "，每年开展一次专项督查", "，纳入年度重点工作考核",
                 "，建立工作台账并定期通报")
QUANTITY = re.compile(r"(?<![\d.年])(\d+(?:\.\d+)?)(?=\s*(?:%|％|个|家|所|名|人|万|次|张|项|户))")
SENTENCE_END = re.compile(r"(?<=[。；;])")


def rename(text: str, mapping: dict[str, str]) -> str:
    """Replace every name by its counterpart in one pass (longest first), so no replacement is replaced again."""
    if not mapping:
        return text
    pattern = re.compile("|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True)))
    return pattern.sub(lambda m: mapping[m.group(0)], text)


def _format_like(original: str, value: float) -> str:
    decimals = len(original.split(".", 1)[1]) if "." in original else 0
    return f"{value:.{decimals}f}"


def vary_numbers(text: str, rng: random.Random, spread: float = 0.3) -> str:
    """Every quantity with a unit (95%, 3个, 12万) moved by up to ``spread``; percentages stay within 0-100."""
    def change(match: re.Match) -> str:
        number = match.group(1)
        value = float(number)
        unit = text[match.end():match.end() + 2].lstrip()[:1]
        if unit in "%％":
            value = min(100.0, max(0.0, value + rng.uniform(-8, 8) if value < 100 else value))
        else:
            value = max(1.0, value * rng.uniform(1 - spread, 1 + spread))
        return _format_like(number, value)
    return QUANTITY.sub(change, text)


def reword(text: str, rng: random.Random) -> str:
    """Swap some verbs for their near-synonyms and drop one middle sentence of a long measure."""
    for a, b in REWORDINGS:
        if rng.random() < 0.6:
            text = text.replace(a, b) if a in text else text.replace(b, a)
    sentences = [s for s in SENTENCE_END.split(text) if s]
    if len(sentences) > 3:
        del sentences[rng.randrange(1, len(sentences) - 1)]
    return "".join(sentences)


def change(text: str, rng: random.Random) -> str:
    """A measure whose numbers the child changed; without numbers, a local clause is added."""
    varied = vary_numbers(text, rng)
    if varied != text:
        return varied
    clause = rng.choice(LOCAL_CLAUSES)
    return text[:-1] + clause + text[-1] if text.endswith("。") else text + clause + "。"


def wrap(text: str, width: int | None) -> list[str]:
    """Hard-wrap at ``width`` characters as the PDF extractions do; ``None`` keeps one line."""
    if not width:
        return [text]
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


def wrap_width(lines: list[str]) -> int | None:
    """The hard-wrap width of a text whose paragraphs were broken into short lines, else None."""
    lengths = sorted(len(line) for line in lines if len(line.strip()) > 10)
    if not lengths or lengths[len(lengths) // 2] > 50:
        return None
    return lengths[int(len(lengths) * 0.9)]
