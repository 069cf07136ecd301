"""Sentences of the real plans, for tests of the loaders' text functions."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

PLANS = Path(__file__).resolve().parent.parent / "data" / "plans"


@lru_cache(maxsize=None)
def plan_text(name: str) -> str:
    """The plan with its hard wraps (and the blank lines between them) joined."""
    (path,) = PLANS.glob(f"*{name}*.txt")
    return re.sub(r"[ \t]*\n\s*", "", path.read_text(encoding="utf-8"))


def sentence(name: str, fragment: str) -> str:
    """The whole sentence (up to 。 or ；) of the plan that contains ``fragment``."""
    text = plan_text(name)
    at = text.index(fragment)
    start = max(text.rfind(mark, 0, at) for mark in "。；;") + 1
    end = min([i for i in (text.find(mark, at) for mark in "。；;") if i >= 0] or [len(text)])
    return text[start:end + 1]
