"""Two measure texts side by side, with the numbers and words that differ highlighted inline (HTML)."""
from __future__ import annotations

import html
import re
from difflib import SequenceMatcher

NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Characters are the unit for Chinese; a run of digits (with a decimal point) counts as one token.
TOKEN = re.compile(r"\d+(?:\.\d+)?%?|[A-Za-z]+|\s+|.", re.S)


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text or "")


def _mark(parts: list[str], css: str) -> str:
    text = "".join(parts)
    if not text:
        return ""
    kind = "num" if NUMBER.search(text) else "word"
    return f'<mark class="{css} {kind}">{html.escape(text)}</mark>'


def highlight(left: str, right: str) -> tuple[str, str, int]:
    """HTML of both texts with differing spans marked, and how many spans differ."""
    a, b = tokens(left), tokens(right)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    out_a, out_b, changes = [], [], 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out_a.append(html.escape("".join(a[i1:i2])))
            out_b.append(html.escape("".join(b[j1:j2])))
            continue
        changes += 1
        out_a.append(_mark(a[i1:i2], "del"))
        out_b.append(_mark(b[j1:j2], "ins"))
    return "".join(out_a), "".join(out_b), changes


STYLE = """<style>
.plankg-diff { line-height: 1.9; font-size: 0.95rem; }
.plankg-diff mark.del { background: #fadbd8; }
.plankg-diff mark.ins { background: #d5f5e3; }
.plankg-diff mark.num { font-weight: 700; color: #922b21; background: #fdebd0; border-bottom: 2px solid #e67e22; }
</style>"""


def panel(title: str, body_html: str) -> str:
    return f'{STYLE}<div class="plankg-diff"><p><b>{html.escape(title)}</b></p><p>{body_html}</p></div>'
