"""Resolve the region a plan covers with jionlp's administrative-division table (GB/T 2260 codes)."""
from __future__ import annotations

import contextlib
import io
import re
import threading
from functools import lru_cache
from types import MethodType

from loaders.records import Region

NATIONAL_CODE = "000000"
NATIONAL_NAME = "中华人民共和国"
NATIONAL_MARKERS = ("国务院", "全国", "国家", "中国")
SUFFIX = re.compile(r"(省|市|县|区|自治区|自治州|自治县|盟|旗|地区|特别行政区)$")


@lru_cache(maxsize=1)
def _jio():
    # jionlp prints a banner on import; keep the CLI output clean.
    with contextlib.redirect_stdout(io.StringIO()):
        import jionlp
    parser = jionlp.parse_location
    if getattr(parser.get_candidates, "__func__", None) is not _indexed_candidates:     # indexed once
        parser.get_candidates = MethodType(_indexed_candidates, parser)
    return jionlp


# jionlp's location parser finds its candidate regions by testing every name and alias of its whole
# table (about 3,600 entries, three levels, two names each) with ``name in text``: 2 to 4 ms a call
# (its own source calls this loop the slowest part of the parser), and a plan names a region in its
# title and in the titles of the documents it cites, about a fifth of parsing a plan (and of a
# build's CPU time at 3,000 plans). ``_indexed_candidates`` gives the same candidates from an index
# of the names: the substrings of a short text looked up, then jionlp's own loop run over the table
# entries that name one of them, in table order (the entries no name of which is in the text are
# the ones its loop skips). ``tests/test_regions.py`` holds it to jionlp's own result.
INDEXED_TEXT_LIMIT = 64             # longer texts (resolve passes at most 20 characters) take jionlp's loop
_SWAP = threading.Lock()
_INDEX: list = [None, None, (), 0]  # [the table indexed, name -> entry positions, entries always tested, longest name]


def _name_index(items: list) -> tuple[dict, tuple, int]:
    if _INDEX[0] is not items:
        index: dict[str, list[int]] = {}
        always: set[int] = set()
        for position, item in enumerate(items):
            for names in item[1:4]:
                for name in names:
                    if name is None:
                        continue
                    if name == "":
                        always.add(position)        # "" is in every text
                    else:
                        index.setdefault(name, []).append(position)
        _INDEX[:] = [items, index, tuple(sorted(always)), max(map(len, index), default=0)]
    return _INDEX[1], _INDEX[2], _INDEX[3]


def _indexed_candidates(parser, location_text):
    """``LocationParser.get_candidates`` over the entries that can match (see above); the same list."""
    original = type(parser).get_candidates
    with _SWAP:              # jionlp's loop reads the table from the parser, which is lent a part of it
        items = parser.administrative_map_list
        if items is None or len(location_text) > INDEXED_TEXT_LIMIT:
            return original(parser, location_text)
        index, always, longest = _name_index(items)
        hits = set(always)
        size = len(location_text)
        for start in range(size):
            for end in range(start + 1, min(size, start + longest) + 1):
                found = index.get(location_text[start:end])
                if found:
                    hits.update(found)
        parser.administrative_map_list = [items[position] for position in sorted(hits)]
        try:
            return original(parser, location_text)
        finally:
            parser.administrative_map_list = items


@lru_cache(maxsize=1)
def _table() -> dict:
    with contextlib.redirect_stdout(io.StringIO()):
        return _jio().china_location_loader(detail=True)


def _node(province: str | None, city: str | None = None, county: str | None = None) -> dict | None:
    node = _table().get(province) if province else None
    for name in (city, county):
        if node is None or not name:
            break
        node = node.get(name)
    return node if isinstance(node, dict) else None


def _region(name, node, level, parent=None) -> Region:
    return Region(name=name, code=(node or {}).get("_admin_code"), level=level, parent=parent)


def resolve(text: str, anywhere: bool = False) -> Region | None:
    """The region a title names, with its parents; None if none.

    By default only a region named at the start counts (a plan's own title: 某市…规划). With
    ``anywhere``, a region named inside the title counts too (健康某市2030行动纲要), which suits
    the titles of referenced documents.
    """
    jio = _jio()
    prefix = text.strip().replace(NATIONAL_NAME, "")[:20] if anywhere else text.strip()[:20]
    with contextlib.redirect_stdout(io.StringIO()):
        found = jio.parse_location(prefix, town_village=False, change2new=True)
    province, city, county = found.get("province"), found.get("city"), found.get("county")
    if not province:
        return None
    named = [province, city, county]
    if not (_named_at_start(prefix, named) or anywhere and any(_mentions(prefix, n) for n in named)):
        return None
    nation = Region(NATIONAL_NAME, NATIONAL_CODE, "national")
    prov = _region(province, _node(province), "provincial", nation)
    if city and city != province:       # municipalities repeat the province as city
        pref = _region(city, _node(province, city), "prefecture", prov)
    else:
        pref = prov
    if county and _mentions(prefix, county):
        return _region(county, _node(province, city, county), "county", pref)
    if city and city != province and _mentions(prefix, city):
        return pref
    return prov


def national() -> Region:
    return Region(NATIONAL_NAME, NATIONAL_CODE, "national")


def short_name(name: str) -> str:
    return _short(name)


def _short(name: str) -> str:
    """The short form a title may use: 苏州 for 苏州市, the table's alias 广西 for 广西壮族自治区."""
    alias = _aliases().get(name)
    if alias:
        return alias
    return SUFFIX.sub("", name) if len(name) > 2 else name


@lru_cache(maxsize=1)
def _aliases() -> dict:
    """Full name -> alias of every region whose alias is not its name less the suffix."""
    found = {}

    def walk(node):
        for key, child in node.items():
            if isinstance(child, dict) and not key.startswith("_"):
                alias = child.get("_alias")
                if isinstance(alias, str) and alias and alias != SUFFIX.sub("", key):
                    found[key] = alias
                walk(child)

    walk(_table())
    return found


def _mentions(text: str, name: str | None) -> bool:
    return bool(name) and (name in text or _short(name) in text)


def _named_at_start(text: str, names) -> bool:
    """Only a region written at the start of the title counts (not one named later in it)."""
    for name in names:
        if name and (text.startswith(name) or text.startswith(_short(name))):
            return True
    return False
