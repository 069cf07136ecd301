"""The limits every query runs under, read from the environment each time they are asked for."""
from __future__ import annotations

import os
from dataclasses import dataclass


def _number(name: str, default: float, cast=float):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = cast(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a number") from None
    if value < 0:
        raise ValueError(f"{name}={raw!r} must not be negative")
    return value


@dataclass(frozen=True)
class Limits:
    timeout_s: float = 30.0        # PLANKG_QUERY_TIMEOUT: seconds per query
    memory_mb: int = 1024          # PLANKG_QUERY_MEMORY_MB: address space of a query worker (0: none)
    workers: int = 4               # PLANKG_QUERY_WORKERS: queries at once per process
    service_allow: tuple = ()      # PLANKG_SERVICE_ALLOW: space-separated endpoints SERVICE may call


def limits() -> Limits:
    base = Limits()
    return Limits(
        timeout_s=_number("PLANKG_QUERY_TIMEOUT", base.timeout_s),
        memory_mb=int(_number("PLANKG_QUERY_MEMORY_MB", base.memory_mb, int)),
        workers=max(1, int(_number("PLANKG_QUERY_WORKERS", base.workers, int))),
        service_allow=tuple(os.environ.get("PLANKG_SERVICE_ALLOW", "").split()),
    )
