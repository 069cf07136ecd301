"""Loaders: read a plan text file into plain records (no RDF here).

    >>> from loaders import parse
    >>> record = parse("data/plans/330300-wenzhou-2021-2025.txt")
"""
from loaders.errors import PlanKGError, PlanParseError
from loaders.records import PlanRecord

PLAN_SUFFIXES = (".txt",)                 # the files parse_dir and plan_files take, any case

__all__ = ["parse", "parse_dir", "plan_files", "PLAN_SUFFIXES", "PlanKGError", "PlanParseError", "PlanRecord"]



def parse(path) -> PlanRecord:
    """Parse one plan text file into a ``PlanRecord``; raise ``PlanParseError`` naming the file."""
    from loaders.plan import parse_plan

    return parse_plan(path)


def plan_files(directory):
    """The plan files (``*.txt``, any case) of a folder and its subfolders, sorted by relative path."""
    from loaders.plan import plan_files as _plan_files

    return _plan_files(directory)


def parse_dir(directory):
    """Yield ``(path, record_or_error)`` for every plan file of a folder and its subfolders, sorted."""
    from loaders.plan import parse_dir as _parse_dir

    return _parse_dir(directory)
