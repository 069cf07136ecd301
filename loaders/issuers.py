"""Who issued a plan and when: the red head, the 印发 notice, or a signature (body, then date) by the text.

Short names (市人民政府, 省政府办公厅) name a body of the plan's own region or one above it; they are
completed with that region's name, and the printed form is kept beside the full one.
"""
from __future__ import annotations

import re

from loaders.layout import Line
from loaders.records import Region

BODY_SUFFIX = re.compile(r"(人民政府|政府|委员会|联合会|办公室|办公厅|国务院|部|厅|局|委|会)$")
DATE_LINE = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
SIGNATURE_NAME = re.compile(r"^[\u4e00-\u9fff（）()]{3,40}$")
# The level a short name's first character names: 省政府办公厅 is the province's, 市人民政府 the city's.
SHORT_LEVELS = {"省": "provincial", "市": "prefecture", "县": "county", "区": "county", "州": "prefecture"}
LEVEL_RANK = {"national": 0, "provincial": 1, "prefecture": 2, "county": 3}
SIGNATURE_TAIL = 10         # lines at the end of the text where a closing signature may stand


def signature(lines: list[Line]) -> tuple[str | None, str | None]:
    """``(body, YYYY-MM-DD)`` of the first body name printed alone on a line right above a date."""
    for above, below in zip(lines, lines[1:]):
        m = DATE_LINE.match(below.text.replace(" ", ""))
        name = re.sub(r"\s+", "", above.text)
        if m and SIGNATURE_NAME.match(name) and BODY_SUFFIX.search(name):
            y, mo, d = m.groups()
            return name, f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"
    return None, None


def signature_lines(lines: list[Line], title_index: int) -> list[list[Line]]:
    """Where a signature may stand, in order: above the title, right below it, at the end of the text."""
    return [lines[:title_index], lines[title_index + 1:title_index + 4], lines[-SIGNATURE_TAIL:]]


def ancestor(region: Region | None, level: str) -> Region | None:
    """The region itself or the one above it at ``level`` (a city plan's province); None below it."""
    while region is not None:
        if region.level == level:
            return region
        if LEVEL_RANK.get(region.level, 9) < LEVEL_RANK[level]:
            return None
        region = region.parent
    return None


def named_level(printed: str) -> str | None:
    """The level a short name opens with (省 / 市 / 县 / 区), or None when it names its region in full."""
    return SHORT_LEVELS.get(printed[:1]) if len(printed) > 1 else None


def full_name(printed: str, region: Region | None) -> str:
    """市政府办公厅 in a 广州市 plan is 广州市人民政府办公厅; a name with its region is kept as printed."""
    level = named_level(printed)
    target = ancestor(region, level) if level else None
    if target is None:
        return printed
    rest = printed[1:]
    if rest.startswith("政府"):
        rest = "人民" + rest
    return target.name + rest
