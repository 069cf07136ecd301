"""The ``plankg`` command line: one sub-command module per concern.

Each module in this package that defines ``register(subparsers)`` adds its sub-commands; a
sub-command sets ``func(args) -> int`` as its handler. Handlers import ``graph`` when they run, not
when the parser is built, so ``plankg --help`` and ``plankg parse`` start without loading pySHACL,
scikit-learn and the store.
"""
from __future__ import annotations

import argparse
import importlib
import os
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


def fail(command: str, problem: BaseException) -> int:
    """Print a problem as one line, ``plankg <command>: <what> — <why>``; the exit status for it."""
    from loaders.errors import PlanKGError

    if isinstance(problem, PlanKGError):
        line, code = str(problem), 1
    elif isinstance(problem, OSError):
        what = problem.filename if problem.filename is not None else ""
        why = problem.strerror or str(problem)
        line, code = (f"{what} — {why}" if what else why), 1
    else:  # a defect, not a mistake of the user's: still one line, with the way to see more
        line = (f"internal error — {type(problem).__name__}: {problem} "
                "(set PLANKG_DEBUG=1 to see where; please report it)")
        code = 70
    print(f"plankg {command}: {' '.join(line.split())}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    try:
        parser = build_parser()                 # reads the settings: the flags' defaults
    except ValueError as problem:               # a PLANKG_* variable that is not a valid value
        print(f"plankg: {problem}", file=sys.stderr)
        return 2
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
    except Exception as problem:
        if os.environ.get("PLANKG_DEBUG"):
            raise
        return fail(args.command, problem)


if __name__ == "__main__":
    sys.exit(main())
