"""Resolve the region a plan covers with jionlp's administrative-division table (GB/T 2260 codes)."""
from __future__ import annotations

import contextlib
import io
import re
from functools import lru_cache

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
    return jionlp


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
