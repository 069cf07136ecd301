"""The map page as plain data: which regions have plans, indicator values by region code, ECharts options."""
from __future__ import annotations

from app_pages import geo


def area_of(code: str, level: str) -> str | None:
    """The code of the region of ``level`` that contains region ``code`` (None when it is above that level)."""
    if level == "province":
        return geo.province_code(code)
    if level == "prefecture":
        return geo.prefecture_code(code) if not code.endswith("0000") else None
    return code if not code.endswith("00") else None


def plans_by_area(plans: list[dict], level: str) -> dict[str, list[dict]]:
    """Plans grouped by the region of ``level`` they lie in (a county plan counts for its prefecture and province)."""
    out: dict[str, list[dict]] = {}
    for plan in plans:
        code = plan.get("regionCode")
        area = area_of(code, level) if code else None
        if area:
            out.setdefault(area, []).append(plan)
    return out


def indicator_by_code(compared: list[dict], plans: list[dict], key: str) -> dict[str, float]:
    """A concept's baseline or target value by region code (the region's own plan only)."""
    codes = {p["region"]: p.get("regionCode") for p in plans}
    out = {}
    for row in compared:
        code, value = codes.get(row.get("region")), row.get(key)
        if code and value is not None:
            out[code] = float(value)
    return out


def options(fc: dict, values: dict[str, float], map_name: str, title: str, series_name: str,
            presence: bool, tooltips: dict[str, str]) -> dict:
    """ECharts options: one map series over ``fc``, coloured by ``values`` (region code → number)."""
    data = []
    for feature in fc["features"]:
        code, name = feature["properties"]["code"], feature["properties"]["name"]
        item = {"name": name, "code": code, "tip": tooltips.get(code, name)}
        if code in values:
            item["value"] = values[code]
        data.append(item)
    numbers = list(values.values())
    if presence:
        visual = {"type": "piecewise", "pieces": [{"gte": 1, "label": series_name, "color": "#c0392b"}],
                  "left": 10, "bottom": 10, "outOfRange": {"color": "#eeeeee"}}
    else:
        low, high = (min(numbers), max(numbers)) if numbers else (0, 1)
        visual = {"type": "continuous", "min": low, "max": high if high > low else low + 1, "calculable": True,
                  "text": [f"{high:g}", f"{low:g}"], "left": 10, "bottom": 10,
                  "inRange": {"color": ["#fdebd0", "#e67e22", "#922b21"]}}
    return {
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "item"},
        "visualMap": visual,
        "series": [{
            "name": series_name, "type": "map", "map": map_name, "roam": True, "data": data,
            "label": {"show": len(data) <= 40, "fontSize": 10, "color": "#333"},
            "emphasis": {"label": {"show": True}},
            "itemStyle": {"areaColor": "#eeeeee", "borderColor": "#888", "borderWidth": 0.6},
        }],
    }
