"""Pick a real nation -> province -> prefecture -> county hierarchy of N regions from jionlp's division table."""
from __future__ import annotations

import contextlib
import io
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

LEVEL_SUFFIX = re.compile(r"(省|自治区|市|自治州|地区|盟|县|自治县|旗|自治旗|区|特区|林区)$")
NATION_NAME = "全国"
PLAN_TITLE = "{}残疾人事业发展“十四五”规划"     # the title of every synthetic plan, its region's full name first


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


class _Screen:
    """``loaders.regions.resolve``, made fast for checking thousands of titles and giving the same answers.

    jionlp's ``parse_location`` scans its whole list of divisions (about 3,500 entries, ~4 ms a call) for
    names found in the text. An entry none of whose names (full or alias, at any level) occurs in the text
    is never a candidate, so while a title is checked the list is cut to the entries that name a substring
    of it, in their order: the same candidates, the same answer, about thirty times faster. The list is put
    back after each call. If jionlp keeps no such list, the loader's resolve runs as it is.
    """

    def __init__(self):
        from loaders import regions as loader

        self.resolve = loader.resolve
        loader.resolve("北京市")                          # jionlp builds its list on the first call
        self.parser = loader._jio().parse_location
        entries = getattr(self.parser, "administrative_map_list", None)
        self.entries = entries if isinstance(entries, list) else None
        self.index: dict[str, list[int]] = {}
        for at, entry in enumerate(self.entries or []):
            for names in entry[1:4]:
                for name in names:
                    if isinstance(name, str) and name:
                        self.index.setdefault(name, []).append(at)

    def __call__(self, title: str):
        if self.entries is None:
            return self.resolve(title)
        text = title.strip()
        found = set()
        for start in range(len(text)):
            for end in range(start + 1, len(text) + 1):
                found.update(self.index.get(text[start:end], ()))
        self.parser.administrative_map_list = [self.entries[at] for at in sorted(found)]
        try:
            return self.resolve(title)
        finally:
            self.parser.administrative_map_list = self.entries


def reads_back(name: str, code: str, level: str, resolve=None) -> bool:
    """Whether the loader reads the title of a plan for this division back as this very division."""
    if resolve is None:
        from loaders.regions import resolve
    region = resolve(PLAN_TITLE.format(name))
    return region is not None and region.code == code and region.level == level


@lru_cache(maxsize=1)
def candidates() -> tuple:
    """The divisions a plan can be generated for, by province: ``((name, code, ((name, code, counties), …)), …)``.

    A division qualifies if its name denotes it alone in China (``_unique``) and the loader's
    ``loaders.regions.resolve`` reads the title written for it back as it, at its level (a renamed or
    abolished division, a name the loader's own table shares, e.g. with Taiwan or Hong Kong, fails).
    Municipalities (whose prefecture repeats the province) are left out, and so is a province with no
    prefecture left. Computed once a process (about 1.5 s), in table (code) order.
    """
    table = division_table()
    unique = _unique(table)
    check = _Screen()
    provinces = []
    for name, node in _children(table):
        if name not in unique or not reads_back(name, node["_admin_code"], "provincial", check):
            continue
        cities = []
        for city, cnode in _children(node):
            if city == name or city not in unique or not reads_back(city, cnode["_admin_code"], "prefecture", check):
                continue
            counties = tuple((county, knode["_admin_code"]) for county, knode in _children(cnode)
                             if county in unique and reads_back(county, knode["_admin_code"], "county", check))
            cities.append((city, cnode["_admin_code"], counties))
        if cities:
            provinces.append((name, node["_admin_code"], tuple(cities)))
    return tuple(provinces)


def hierarchy(n: int, seed: int) -> list[Place]:
    """``n`` places, parents before children: the nation, provinces, prefectures, then counties.

    The share of each level follows China's (about 31 : 330 : 2,800); provinces and prefectures are
    drawn at random for the seed, counties round-robin over the chosen prefectures. Only ``candidates()``
    are drawn: municipalities, names found twice in China and divisions whose plan title the loader does
    not read back as them are left out.
    """
    if n < 4:
        raise ValueError(f"n: a hierarchy needs at least 4 plans (nation, province, prefecture, county), got {n}")
    rng = random.Random(seed)
    nation = Place(NATION_NAME, "000000", "national")
    provinces = list(candidates())
    rng.shuffle(provinces)
    total = 31 + 330 + 2800
    want_provinces = min(len(provinces), max(2 if n >= 20 else 1, round(n * 31 / total)))
    want_prefectures = max(want_provinces, round(n * 330 / total))
    chosen = provinces[:want_provinces]
    places = [nation] + [Place(name, code, "provincial", nation) for name, code, _ in chosen]
    pools = [[(city, code, counties, places[1 + i]) for city, code, counties in cities]
             for i, (_, _, cities) in enumerate(chosen)]
    for pool in pools:
        rng.shuffle(pool)
    prefectures: list[Place] = []
    counties: list[list[Place]] = []

    def add_prefecture() -> bool:
        for pool in sorted((p for p in pools if p), key=len, reverse=True)[:1]:   # the fullest province
            city, code, below, province = pool.pop()
            prefecture = Place(city, code, "prefecture", province)
            prefectures.append(prefecture)
            own = [Place(name, county_code, "county", prefecture) for name, county_code in below]
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
    places += prefectures + chosen_counties
    if len(places) < n:
        raise ValueError(f"n: only {len(places)} regions can be drawn for seed {seed}, asked for {n}")
    return places
