"""The ``plankg`` command line: one sub-command module per concern.

Each module in this package that defines ``register(subparsers)`` adds its sub-commands; a
sub-command sets ``func(args) -> int`` as its handler. Handlers import ``graph`` when they run, not
when the parser is built, so ``plankg --help`` and ``plankg parse`` start without loading pySHACL,
scikit-learn and the store.
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plankg",
        description="PlanKG: Chinese development plans as a knowledge graph.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
