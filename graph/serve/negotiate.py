"""Content negotiation for resource pages: a file suffix wins, else the Accept header, else HTML."""
from __future__ import annotations

from typing import Optional

import pyoxigraph as ox

HTML = "text/html"
FORMATS = {  # media type -> (suffix, pyoxigraph format or None for HTML)
    HTML: (".html", None),
    "text/turtle": (".ttl", ox.RdfFormat.TURTLE),
    "application/ld+json": (".jsonld", ox.RdfFormat.JSON_LD),
    "application/n-triples": (".nt", ox.RdfFormat.N_TRIPLES),
}
SUFFIXES = {suffix: media for media, (suffix, _) in FORMATS.items()}
ALIASES = {"application/json": "application/ld+json", "text/plain": "application/n-triples",
           "application/x-turtle": "text/turtle", "application/xhtml+xml": HTML}


def split_suffix(path: str) -> tuple[str, Optional[str]]:
    """``/id/plan/x.ttl`` -> (``/id/plan/x``, ``text/turtle``); a path without a known suffix is unchanged."""
    for suffix, media in SUFFIXES.items():
        if path.endswith(suffix):
            return path[: -len(suffix)], media
    return path, None


def ranked(accept: str) -> list[str]:
    """The media types of an Accept header, most wanted first (ties: the order it lists them); q=0 left out."""
    found = []
    for position, part in enumerate(accept.split(",")):
        media, *options = [p.strip().lower() for p in part.split(";")]
        quality = 1.0
        for option in options:
            if option.startswith("q="):
                try:
                    quality = float(option[2:])
                except ValueError:
                    quality = 0.0
        if quality > 0:
            found.append((-quality, position, media))
    return [media for _, _, media in sorted(found)]


def choose(accept: str) -> Optional[str]:
    """The format the Accept header ranks highest (ties: the order it lists them); None if none is acceptable."""
    if not accept.strip():
        return HTML
    for media in (ALIASES.get(m, m) for m in ranked(accept)):
        if media in FORMATS:
            return media
        if media in ("*/*", "text/*"):
            return HTML
        if media == "application/*":
            return "application/ld+json"
    return None
