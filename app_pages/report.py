"""A plan's trace report: each parent measure implemented, changed or skipped, and the plan's own additions."""
from __future__ import annotations

import html

STATUS = {"implemented": ("落实", "implemented"), "changed": ("落实（数字有变化）", "implemented, numbers changed"),
          "skipped": ("未落实", "skipped"), "added": ("本级新增", "added locally")}


def rows(links: list[dict], skipped: list[dict], added: list[dict], changes: list[dict] = ()) -> list[dict]:
    """One row per implements link (implemented, or changed when numbers differ), skipped parent measure and addition."""
    changed = {(c["childMeasure"], c["parentMeasure"]): c["changedNumbers"] for c in changes}
    out = []
    for r in links:
        r = dict(r, changedNumbers=changed.get((r["childMeasure"], r["parentMeasure"]), ""))
        status = "changed" if r["changedNumbers"] else "implemented"
        out.append({"status": status, "measure": r["childMeasure"], "heading": r["childHeading"],
                    "parentRegion": r["parentRegion"], "parentMeasure": r["parentMeasure"],
                    "parentHeading": r["parentHeading"], "score": round(float(r["score"]), 3),
                    "changedNumbers": r.get("changedNumbers") or ""})
    for r in skipped:
        out.append({"status": "skipped", "measure": "", "heading": "", "parentRegion": r.get("parentRegion", ""),
                    "parentMeasure": r["parentMeasure"], "parentHeading": r["heading"], "score": None,
                    "changedNumbers": ""})
    for r in added:
        out.append({"status": "added", "measure": r["measure"], "heading": r["heading"], "parentRegion": "",
                    "parentMeasure": "", "parentHeading": "", "score": None, "changedNumbers": ""})
    return out


def counts(report: list[dict]) -> dict[str, int]:
    return {status: sum(1 for r in report if r["status"] == status) for status in STATUS}


def printable(title: str, report: list[dict], lang: str) -> bytes:
    """The report as a self-contained HTML page that prints cleanly."""
    pick = 0 if lang == "zh" else 1
    heads = [("状态", "status"), ("本级措施", "measure"), ("上级地区", "parent region"), ("上级措施", "parent measure"),
             ("得分", "score"), ("数字变化", "changed numbers")]
    summary = " · ".join(f"{STATUS[s][pick]}: {n}" for s, n in counts(report).items())
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in (
            STATUS[r["status"]][pick], r["heading"], r["parentRegion"], r["parentHeading"],
            "" if r["score"] is None else f"{r['score']:.3f}", r["changedNumbers"])) + "</tr>"
        for r in report)
    page = f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;margin:2em}} table{{border-collapse:collapse;width:100%}}
td,th{{border:1px solid #999;padding:4px 6px;vertical-align:top;font-size:11pt}} th{{background:#eee}}
@media print {{ tr {{ page-break-inside: avoid }} }}</style></head><body>
<h1>{html.escape(title)}</h1><p>{html.escape(summary)}</p>
<table><thead><tr>{''.join(f'<th>{h[pick]}</th>' for h in heads)}</tr></thead><tbody>{body}</tbody></table>
</body></html>"""
    return page.encode("utf-8")
