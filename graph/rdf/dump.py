"""Dumps for download: N-Quads and TriG (gzip), the VoID description, SHA-256 sums; the same store gives the same bytes."""
from __future__ import annotations

import gzip
import hashlib
import io
from pathlib import Path

import pyoxigraph as ox

from graph.errors import StoreError
from graph.rdf.describe import DESCRIPTION_GRAPH
from graph.rdf.export import sorted_nquads
from graph.rdf.namespace import PREFIXES

NQUADS, TRIG, VOID_FILE, SUMS = "plankg.nq.gz", "plankg.trig.gz", "void.ttl", "SHA256SUMS"
DESCRIPTION_PREFIXES = {**PREFIXES, "void": "http://rdfs.org/ns/void#", "dcat": "http://www.w3.org/ns/dcat#",
                        "foaf": "http://xmlns.com/foaf/0.1/", "spdx": "http://spdx.org/rdf/terms#",
                        "sh": "http://www.w3.org/ns/shacl#", "schema": "https://schema.org/"}


def gzipped(data: bytes) -> bytes:
    """gzip without a file name or time stamp in the header, so equal input gives equal bytes."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as out:
        out.write(data)
    return buffer.getvalue()


def _sorted_quads(store: ox.Store) -> list[ox.Quad]:
    return list(ox.parse(sorted_nquads(store), format=ox.RdfFormat.N_QUADS))


def trig(store: ox.Store) -> bytes:
    """TriG of the store, quads in sorted N-Quads order (so grouped by graph, then subject)."""
    quads = sorted(_sorted_quads(store), key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=DESCRIPTION_PREFIXES)


def void_turtle(store: ox.Store) -> bytes:
    graph = ox.NamedNode(DESCRIPTION_GRAPH)
    triples = sorted((q.triple for q in store.quads_for_pattern(None, None, None, graph)),
                     key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    if not triples:
        raise StoreError(f"has no dataset description (graph {DESCRIPTION_GRAPH}); run 'plankg build'", "the store")
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=DESCRIPTION_PREFIXES)


def write_dump(store: ox.Store, directory: Path | str) -> dict[str, str]:
    """Write the dump files into ``directory``; returns file name -> SHA-256 (also in SHA256SUMS)."""
    directory = Path(directory)
    files = {VOID_FILE: void_turtle(store), NQUADS: gzipped(sorted_nquads(store)), TRIG: gzipped(trig(store))}
    directory.mkdir(parents=True, exist_ok=True)
    sums = {}
    for name, data in sorted(files.items()):
        (directory / name).write_bytes(data)
        sums[name] = hashlib.sha256(data).hexdigest()
    (directory / SUMS).write_text("".join(f"{digest}  {name}\n" for name, digest in sorted(sums.items())),
                                  encoding="ascii")
    return sums
