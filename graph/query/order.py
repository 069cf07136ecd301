"""The final ORDER BY of a SELECT run on the embedded store, applied to the rows here instead of by Oxigraph.

Oxigraph 0.5 decodes the sort keys of two rows from the store on every comparison: an IRI or a long
literal is read from RocksDB each time, so sorting a whole-corpus listing cost more than computing it
(3,000 plans: 16,772 institutions sorted by IRI 0.9 s, against 0.13 s to count them; the 20,049
rows of ``vocabulary_labels`` 2.5 s against 0.9 s unsorted). Oxigraph's main branch decodes each row's
keys once (oxigraph/oxigraph commit 5507799d, "spareval: compute ordering vector only once", for
0.6); until a release with it is pinned, a query's last ORDER BY is taken off the text sent to the
embedded store and the rows are sorted here, once decoded, in the order Oxigraph gives them:

* unbound first, then blank nodes, IRIs, literals (SPARQL 1.1, 15.1), IRIs and blank nodes by their
  text;
* literals by value where SPARQL compares them: numbers (integer, decimal, float, double) with one
  another, simple strings with one another, language-tagged strings of one language with one
  another, date-times (and dates) with a time zone with one another, those without with one
  another, years (``xsd:gYear``), year-months and times of one type written without a zone in
  their fixed width with one another (by their text, which sorts as their value); any other two by
  (lexical form, datatype IRI, language);
* strings by code point (Rust's and Python's string order);
* rows equal on every key keep the order in which the store gave them (Oxigraph leaves it unspecified).

A key column holding literals of kinds that are not compared by value with each other (a number and
a string) is left to Oxigraph: its order of those is no total order (it depends on the sorting
algorithm), so the query is run again with its ORDER BY (``graph.query.execute`` then sends that
query with its ORDER BY from the start); so is one holding literals of other XSD types (durations,
zoned times). Of the catalogue, only ``plan_triples`` (its ``?object`` column) is sorted by Oxigraph.

Only an ORDER BY of plain variables (``?v``, ``ASC(?v)``, ``DESC(?v)``) that the SELECT clause names,
with nothing after it (no LIMIT or OFFSET: those need the order first), is taken off; any other stays
in the query. Remote endpoints always sort for themselves.
"""
from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Optional, Sequence

import pyoxigraph as ox

from graph.query.bindings import INTEGER_TYPES, XSD

_FLOATS = {XSD + "float", XSD + "double"}
_STRING = XSD + "string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_DATE_TIME = XSD + "dateTime"
_DATE = XSD + "date"

_KEY = r"(?:(?:ASC|DESC)\s*\(\s*\?\w+\s*\)|\?\w+)"
# the last solution modifier of the text, after the closing brace of the WHERE clause (or its GROUP BY
# or HAVING): ORDER BY and plain variable keys only, up to the end of the text
_FINAL_ORDER = re.compile(rf"(?<=[\s}}])ORDER\s+BY\s+({_KEY}(?:\s+{_KEY})*)\s*\Z", re.IGNORECASE)
_ONE_KEY = re.compile(r"(ASC|DESC)?\s*\(?\s*\?(\w+)", re.IGNORECASE)

# values of these types written in one fixed width without a time zone sort by value as their text sorts
_FIXED_WIDTH = {XSD + "gYear": re.compile(r"\d{4}"), XSD + "gYearMonth": re.compile(r"\d{4}-\d\d"),
                XSD + "time": re.compile(r"\d\d:\d\d:\d\d")}
_ENGINE = "engine"                                  # a literal only Oxigraph orders as it does
Keys = tuple[tuple[str, bool], ...]          # (variable, ascending), most significant first


def take_order(text: str, projected: Optional[frozenset]) -> tuple[str, Keys]:
    """The query without its final ORDER BY and that ORDER BY's keys, when the rows can be sorted here
    (see the module); else the text unchanged and no keys."""
    if projected is None:                          # SELECT *: which variables come back is the engine's say
        return text, ()
    found = _FINAL_ORDER.search(text)
    if not found or text.count("{") != text.count("}") or "}" not in text[:found.start()]:
        return text, ()
    keys = tuple((m.group(2), (m.group(1) or "ASC").upper() == "ASC") for m in _ONE_KEY.finditer(found.group(1)))
    if not keys or any(name not in projected for name, _ in keys):
        return text, ()
    return text[:found.start()].rstrip() + "\n", keys


def sort_rows(columns: Sequence[str], rows: list, keys: Keys) -> Optional[list]:
    """``rows`` (tuples of terms or None, in ``columns`` order) sorted by ``keys`` as Oxigraph sorts them;
    None when a key column holds literals of kinds SPARQL does not compare with each other (numbers and
    strings, say): Oxigraph's order of those is no total order, and the caller lets the engine sort."""
    if not keys or len(rows) < 2:
        return rows
    out = list(rows)
    for name, ascending in reversed(keys):         # stable sorts, least significant key first
        i = columns.index(name)
        keyed = [_key(row[i]) for row in out]
        kinds = {kind for kind, _ in keyed if kind is not None}
        if len(kinds) > 1 or _ENGINE in kinds:
            return None
        ranked = sorted(range(len(out)), key=lambda r: keyed[r][1], reverse=not ascending)
        out = [out[r] for r in ranked]
    return out


def _key(term) -> tuple[Optional[str], tuple]:
    """The kind of a literal (None for other terms) and the term's sort key: unbound, blank nodes, IRIs,
    literals (by the value their kind compares), in that order."""
    if term is None:
        return None, (0,)
    if isinstance(term, ox.BlankNode):
        return None, (1, term.value)
    if isinstance(term, ox.NamedNode):
        return None, (2, term.value)
    if isinstance(term, ox.Literal):
        kind, value = _literal(term)
        return kind, (3, value)
    return None, (4, str(term))


def _literal(term: ox.Literal) -> tuple[str, object]:
    """Which literals SPARQL compares by value with this one (its kind), and the value compared."""
    datatype = term.datatype.value
    lexical = (term.value, datatype, term.language or "")      # how literals of no common kind compare
    if datatype in INTEGER_TYPES or datatype == XSD + "decimal" or datatype in _FLOATS:
        number = _number(term)
        return ("other", lexical) if number is None else ("number", number)
    if datatype == _LANG_STRING:
        return "lang:" + (term.language or "").lower(), term.value
    if datatype == _STRING:
        return "string", term.value
    if datatype in (_DATE_TIME, _DATE):
        value = _date_time(term)
        if value is None:
            return "other", lexical
        return ("zoned " if value.tzinfo is not None else "local ") + datatype, value
    if datatype == XSD + "boolean" or not datatype.startswith(XSD):
        return "other", lexical
    shape = _FIXED_WIDTH.get(datatype)
    if shape is not None and shape.fullmatch(term.value):
        return "lexical " + datatype, term.value    # a year, year-month or time of fixed width, no zone
    return _ENGINE, lexical                         # another XSD type (duration, zoned time, ...): Oxigraph's say


def _number(term: ox.Literal):
    value = term.value.strip()
    try:
        number = float(value) if term.datatype.value in _FLOATS else Decimal(value)
    except (InvalidOperation, ValueError):
        return None
    return None if number != number else number       # NaN is compared with nothing


def _date_time(term: ox.Literal):
    """A date or date-time as a ``datetime`` (a date at midnight); None when it does not read as one."""
    text = term.value.strip().replace("Z", "+00:00")
    try:
        if term.datatype.value == _DATE:
            zone = re.search(r"[+-]\d\d:\d\d$", text[10:])
            day = datetime.datetime.fromisoformat(text[:10])
            return day.replace(tzinfo=datetime.datetime.fromisoformat("2000-01-01T00:00" + zone.group(0)).tzinfo) if zone else day
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return None


__all__ = ["take_order", "sort_rows"]
