"""Parse a printed table cell or a stated quantity (≥99%, 0.5万人, 不少于 5000 人次) into a ``Value``."""
from __future__ import annotations

import re
from functools import lru_cache

from loaders.records import Value
from loaders.text import fold_width

# Comparator words and symbols are grammar of the language, not facts of a plan: they stay here.
SYMBOL_COMPARATORS = {
    ">": ">", "＞": ">", "≥": ">=", "≧": ">=", "⩾": ">=",
    "<": "<", "＜": "<", "≤": "<=", "≦": "<=", "⩽": "<=",
}
PREFIX_COMPARATORS = {
    "不少于": ">=", "不低于": ">=", "至少": ">=",
    "不超过": "<=", "不高于": "<=",
    "超过": ">", "高于": ">", "大于": ">",
    "低于": "<", "少于": "<",
}
SUFFIX_COMPARATORS = {"以上": ">=", "以下": "<=", "以内": "<="}

# Units as printed. 万元/亿元 are units in their own right (money is reported in them);
# before any other unit 万/亿 is a multiplier (0.5万人 is 5000 人).
UNITS = (
    "个百分点", "平方米", "人次", "场次", "万元", "亿元", "m²", "m2", "㎡",
    "%", "‰", "人", "家", "户", "个", "所", "名", "场", "次", "支", "元",
    "床", "张", "项", "套", "座", "处", "条", "间", "台", "辆", "批", "倍", "公里", "米",
)
MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}
DASHES = {"", "—", "——", "–", "-", "－", "/", "／"}

CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
# Lazy Chinese numerals so that 五万元 reads as 5 万元, like 5万元.
NUMBER = rf"\d+(?:\.\d+)?|[{CN_DIGITS}]+?"


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=2)
def quantity_pattern(unit_required: bool = False) -> re.Pattern:
    """The regex of one quantity: comparator, number, multiplier, unit, trailing comparator word.

    Shared with ``loaders.targets`` (which needs a unit, and tolerates 人（户）); groups: ``symbol``,
    ``word``, ``number``, ``unit`` (万元, 亿元), ``mult`` and ``unit2`` (anything else), ``suffix``.
    """
    money = _alternation(u for u in UNITS if u[0] in MULTIPLIERS)
    other = _alternation(u for u in UNITS if u[0] not in MULTIPLIERS)
    optional = "" if unit_required else "?"
    aside = r"(?:[（(][^（）()]{1,4}[）)])?" if unit_required else ""
    return re.compile(
        rf"(?:(?:(?P<symbol>{_alternation(SYMBOL_COMPARATORS)})|(?P<word>{_alternation(PREFIX_COMPARATORS)}))\s*)?"
        rf"(?P<number>{NUMBER})\s*"
        rf"(?:(?P<unit>{money})|(?P<mult>[万亿])?\s*(?P<unit2>{other}){optional})"
        rf"{aside}\s*(?P<suffix>{_alternation(SUFFIX_COMPARATORS)})?"
    )


@lru_cache(maxsize=1)
def number_tokens() -> re.Pattern:
    """A number as printed in running text, for comparing texts: a number, a range (0-6) or a chain
    (1+3+5), then an optional multiplier and one of ``UNITS``; groups 1 (the number) and 2 (the unit)."""
    return re.compile(
        r"(?<![\d.])(\d+(?:\.\d+)?(?:[-~\uff5e\uff0d\u2014+\uff0b]\d+(?:\.\d+)?)*)"
        r"((?:[" + "".join(MULTIPLIERS) + r"])?(?:" + _alternation(UNITS) + r"))?")


def to_number(numeral: str) -> float | None:
    """An Arabic or Chinese numeral as a float; None when cn2an cannot read it."""
    if numeral[0].isdigit():
        return float(numeral)
    import cn2an  # slow import, only needed for Chinese numerals

    try:
        return float(cn2an.cn2an(numeral, "smart"))
    except (ValueError, KeyError):
        return None


def comparator_of(match: re.Match, default: str = "=") -> str:
    """The comparator a quantity match states; a symbol or word before wins over 以上 after."""
    if match.group("symbol"):
        return SYMBOL_COMPARATORS[match.group("symbol")]
    if match.group("word"):
        return PREFIX_COMPARATORS[match.group("word")]
    if match.group("suffix"):
        return SUFFIX_COMPARATORS[match.group("suffix")]
    return default


def amount_of(match: re.Match) -> tuple[float | None, str | None]:
    """The number (multiplier folded in) and the unit of a quantity match."""
    number = to_number(match.group("number"))
    unit = match.group("unit") or match.group("unit2")
    if number is not None and match.group("mult"):
        number *= MULTIPLIERS[match.group("mult")]
    return number, unit


def parse_value(text: str) -> Value:
    """Parse one printed value; a dash or empty cell gives a ``Value`` with only ``text`` set."""
    text = (text or "").strip()
    if text in DASHES:
        return Value(text=text)
    match = quantity_pattern().fullmatch(fold_width(text))
    if match is None:
        return Value(text=text, qualitative=text)
    number, unit = amount_of(match)
    if number is None:
        return Value(text=text, qualitative=text)
    return Value(text=text, comparator=comparator_of(match), value=number, unit=unit)


def is_value_token(token: str) -> bool:
    """True for a printed cell value (≥99%, 98%, —, 100, ＞90%); False for words."""
    token = token.strip()
    if token in DASHES - {""}:
        return True
    match = quantity_pattern().fullmatch(fold_width(token))
    return bool(match) and match.group("number")[0].isdigit()
