"""Loaders: read a plan file (text, PDF, DOCX or HTML) into plain records (no RDF here).

    >>> from loaders import parse
    >>> record = parse("data/plans/330300-wenzhou-2021-2025.txt")
"""
from loaders.errors import PlanKGError, PlanParseError
from loaders.plan import parse_dir as _parse_dir
from loaders.plan import parse_plan, plan_files
from loaders.records import PlanRecord
from loaders.sources import read_source

__all__ = ["parse", "parse_dir", "plan_files", "source_text", "SUFFIXES", "PlanKGError", "PlanParseError", "PlanRecord"]
SUFFIXES = ".txt .pdf .docx .html .htm"


def parse(path) -> PlanRecord:
    """Parse one plan file into a ``PlanRecord``; raise ``PlanParseError`` naming the file."""
    return parse_plan(path)


def parse_dir(directory):
    """Yield ``(path, record_or_error)`` for every plan file (``SUFFIXES``) of a folder and its subfolders, sorted."""
    return _parse_dir(directory)


def source_text(path) -> str:
    """The text a record's offsets point into: the decoded file, or the text extracted from it."""
    return read_source(path).text
