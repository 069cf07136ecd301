"""Flags shared by the sub-commands, their defaults read from ``graph.config`` (flag > environment > default)."""
from __future__ import annotations

from pathlib import Path

from graph.config import flag_help, settings


def add_store(parser) -> None:
    parser.add_argument("--store", type=Path, default=settings().store, help=flag_help("store"))


def add_input(parser) -> None:
    parser.add_argument("--input", type=Path, default=settings().input, help=flag_help("input"))


def add_endpoint(parser, help_text: str | None = None) -> None:
    parser.add_argument("--endpoint", default=settings().endpoint, help=help_text or flag_help("endpoint"))


def add_timeout(parser, name: str = "query_timeout") -> None:
    parser.add_argument("--timeout", type=float, default=getattr(settings(), name), help=flag_help(name))


def add_port(parser) -> None:
    parser.add_argument("--port", type=int, default=settings().port, help=flag_help("port"))
