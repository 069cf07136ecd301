"""Pick a real nation -> province -> prefecture -> county hierarchy of N regions from jionlp's division table."""
from __future__ import annotations

import contextlib
import io
import random
import re
from dataclasses import dataclass
from typing import Optional

LEVEL_SUFFIX = re.compile(r"(省|自治区|市|自治州|地区|盟|县|自治县|旗|自治旗|区|特区|林区)$")
NATION_NAME = "全国"


@dataclass
class Place:
    name: str                       # full name as the title prints it (温州市)
    code: str                       # GB/T 2260 code
    level: str                      # national | provincial | prefecture | county
    parent: Optional["Place"] = None

    @property
    def short(self) -> str:
        short = LEVEL_SUFFIX.sub("", self.name)
        return short if len(short) >= 2 else self.name

    def chain(self) -> list["Place"]:
        """This place and the places above it, nearest first."""
        out, place = [], self
        while place is not None:
            out.append(place)
            place = place.parent
        return out


def division_table() -> dict:
    with contextlib.redirect_stdout(io.StringIO()):
        import jionlp

        return jionlp.china_location_loader(detail=True)


def _children(node: dict) -> list[tuple[str, dict]]:
    """Named sub-divisions with a proper code and a level suffix (no development zones), sorted by code."""
    out = []
    for name, child in node.items():
        if name.startswith("_") or not isinstance(child, dict):
            continue
        code = child.get("_admin_code")
        if code and len(code) == 6 and LEVEL_SUFFIX.search(name) and "开发区" not in name and "新区" not in name:
            out.append((name, child))
    return sorted(out, key=lambda item: item[1]["_admin_code"])


def _unique(table: dict) -> set[str]:
    """Names that denote one division only in all of China, so a plan title alone identifies its region."""
    seen: dict[str, int] = {}
    for province, pnode in _children(table):
        seen[province] = seen.get(province, 0) + 1
        for city, cnode in _children(pnode):
            seen[city] = seen.get(city, 0) + 1
            for county, _ in _children(cnode):
                seen[county] = seen.get(county, 0) + 1
    return {name for name, count in seen.items() if count == 1}


def hierarchy(n: int, seed: int) -> list[Place]:
    """``n`` places, parents before children: the nation, provinces, prefectures, then counties.

    The share of each level follows China's (about 31 : 330 : 2,800); provinces and prefectures are
    drawn at random for the seed, counties round-robin over the chosen prefectures. Municipalities
    (whose prefecture repeats the province) and names found twice in China are left out.
    """
    if n < 4:
        raise ValueError(f"n: a hierarchy needs at least 4 plans (nation, province, prefecture, county), got {n}")
    rng = random.Random(seed)
    table = division_table()
    unique = _unique(table)
    nation = Place(NATION_NAME, "000000", "national")
    provinces = []
    for name, node in _children(table):
        cities = [(c, cn) for c, cn in _children(node) if c != name and c in unique]
        if name in unique and cities:
            provinces.append((name, node, cities))
    rng.shuffle(provinces)
    total = 31 + 330 + 2800
    want_provinces = min(len(provinces), max(2 if n >= 20 else 1, round(n * 31 / total)))
    want_prefectures = max(want_provinces, round(n * 330 / total))
    chosen = provinces[:want_provinces]
    places = [nation] + [Place(name, node["_admin_code"], "provincial", nation) for name, node, _ in chosen]
    pools = [[(c, cn, places[1 + i]) for c, cn in cities] for i, (_, _, cities) in enumerate(chosen)]
    for pool in pools:
        rng.shuffle(pool)
    prefectures: list[tuple[Place, dict]] = []
    counties: list[list[Place]] = []

    def add_prefecture() -> bool:
        for pool in sorted((p for p in pools if p), key=len, reverse=True)[:1]:   # the fullest province
            city, cnode, province = pool.pop()
            prefecture = Place(city, cnode["_admin_code"], "prefecture", province)
            prefectures.append((prefecture, cnode))
            own = [Place(name, node["_admin_code"], "county", prefecture) for name, node in _children(cnode)
                   if name in unique]
            rng.shuffle(own)
            counties.append(own)
            return True
        return False

    while len(prefectures) < want_prefectures and add_prefecture():
        pass
    # Counties round-robin over the prefectures; more prefectures when their counties run out.
    chosen_counties: list[Place] = []
    while len(places) + len(prefectures) + len(chosen_counties) < n:
        if not any(counties) and not add_prefecture():
            break
        for pool in counties:
            if pool and len(places) + len(prefectures) + len(chosen_counties) < n:
                chosen_counties.append(pool.pop())
    places += [p for p, _ in prefectures] + chosen_counties
    if len(places) < n:
        raise ValueError(f"n: only {len(places)} regions can be drawn for seed {seed}, asked for {n}")
    return places
