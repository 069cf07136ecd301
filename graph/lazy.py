"""A package's public API imported on first use (PEP 562), so importing the package stays cheap.

    >>> from graph.lazy import lazy_api
    >>> getattr_, dir_ = lazy_api("demo", {"sqrt": "math"}, {})
    >>> getattr_("sqrt")(9.0)
    3.0
"""
from __future__ import annotations

import importlib
from typing import Callable


def lazy_api(package: str, api: dict[str, str], namespace: dict) -> tuple[Callable, Callable]:
    """``(__getattr__, __dir__)`` for ``package``: ``api`` maps each public name to the module defining it;
    a name is imported when first asked for and then kept in ``namespace`` (the package's globals)."""
    def __getattr__(name: str):
        if name not in api:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(api[name]), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(api))

    return __getattr__, __dir__
