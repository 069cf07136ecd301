"""Loaders: read a plan text file into plain records (no RDF here).

    >>> from loaders import parse
    >>> record = parse("data/plans/330300-wenzhou-2021-2025.txt")
"""
from loaders.errors import PlanParseError
from loaders.plan import parse_dir as _parse_dir
from loaders.plan import parse_plan
from loaders.records import PlanRecord

__all__ = ["parse", "parse_dir", "PlanParseError", "PlanRecord"]


def parse(path) -> PlanRecord:
    """Parse one plan text file into a ``PlanRecord``; raise ``PlanParseError`` naming the file."""
    return parse_plan(path)


def parse_dir(directory):
    """Yield ``(path, record_or_error)`` for every ``*.txt`` file of a folder, sorted by name."""
    return _parse_dir(directory)
