"""HTML for resource pages: labels in Chinese and English, type, properties and incoming links as labelled links, source text."""
from __future__ import annotations

from html import escape
from typing import Iterable

import pyoxigraph as ox

from graph.rdf.namespace import DCTERMS, PK, PREFIXES, RDF, RDFS, SKOS

LABEL_PROPERTIES = [str(p) for p in (RDFS.label, SKOS.prefLabel, DCTERMS.title, PK.heading, PK.printedName,
                                     PK.representativeHeading, PK.caption, PK.printedText, PK.mention)]
SPAN_FIELDS = (("file", PK.sourceFile), ("start", PK.startLine), ("end", PK.endLine), ("text", PK.sourceText))
STYLE = """
body { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; margin: 2em auto; max-width: 70em;
       padding: 0 1em; color: #222; line-height: 1.5; }
h1 { font-size: 1.6em; margin-bottom: 0; } .en { color: #555; font-size: 1.1em; margin-top: .2em; }
.iri { font-family: monospace; color: #666; word-break: break-all; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { text-align: left; vertical-align: top; padding: .35em .6em; border-bottom: 1px solid #ddd; }
th { width: 14em; font-weight: normal; color: #444; }
blockquote { background: #f6f6f0; border-left: 4px solid #b0a060; margin: 1em 0; padding: .6em 1em; }
.formats a { margin-right: 1em; } .lang { color: #888; font-size: .85em; } .type { color: #0a5; }
"""


def labels(store: ox.Store, iris: Iterable[str]) -> dict[str, dict[str, str]]:
    """The Chinese and English label of each IRI (an untagged label counts as Chinese), by the first label property."""
    wanted = sorted({i for i in iris})
    if not wanted:
        return {}
    values = " ".join(f"<{i}>" for i in wanted)
    properties = " ".join(f"({'<' + p + '>'} {n})" for n, p in enumerate(LABEL_PROPERTIES))
    rows = store.query(f"SELECT ?s ?l ?rank WHERE {{ VALUES ?s {{ {values} }} VALUES (?p ?rank) {{ {properties} }} "
                       f"GRAPH ?g {{ ?s ?p ?l }} FILTER(isLiteral(?l)) }}")
    found: dict[str, dict[str, tuple[int, str]]] = {}
    for row in rows:
        language = row["l"].language or "zh"
        if language not in ("zh", "en"):
            continue
        rank = int(row["rank"].value)
        slot = found.setdefault(row["s"].value, {})
        if language not in slot or (rank, row["l"].value) < slot[language]:
            slot[language] = (rank, row["l"].value)
    return {iri: {lang: text for lang, (_, text) in slot.items()} for iri, slot in found.items()}


def _href(iri: str) -> str:
    from graph.serve.resources import local_path

    return local_path(iri) or iri


def _curie(iri: str) -> str:
    for prefix, namespace in sorted(PREFIXES.items()):
        if iri.startswith(namespace) and iri[len(namespace):].replace("-", "_").isidentifier():
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _link(iri: str, names: dict[str, dict[str, str]]) -> str:
    label = names.get(iri, {})
    shown = label.get("zh") or label.get("en")
    text = escape(shown) if shown else f'<span class="iri">{escape(_curie(iri))}</span>'
    english = f' <span class="lang">{escape(label["en"])}</span>' if label.get("zh") and label.get("en") else ""
    return f'<a href="{escape(_href(iri))}">{text}</a>{english}'


def _value(term, names) -> str:
    if isinstance(term, ox.NamedNode):
        return _link(term.value, names)
    if isinstance(term, ox.Literal):
        tag = f' <span class="lang">@{term.language}</span>' if term.language else ""
        return escape(term.value) + tag
    return escape(str(term))


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="zh">\n<head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<style>{STYLE}</style></head>\n<body>\n{body}\n</body>\n</html>\n')


def _source(store: ox.Store, outgoing: list[ox.Triple]) -> str:
    spans = [t.object for t in outgoing if t.predicate.value == str(PK.sourceSpan)]
    parts = []
    for span in spans:
        fields = {}
        for key, prop in SPAN_FIELDS:
            found = next(store.quads_for_pattern(span, ox.NamedNode(str(prop)), None, None), None)
            fields[key] = found.object.value if found else None
        lines = f"{fields['start']}" if fields["start"] == fields["end"] else f"{fields['start']}–{fields['end']}"
        parts.append(f'<h2>原文出处 Source</h2>\n<p>{escape(fields["file"] or "")}，第 {escape(lines)} 行 '
                     f'(lines {escape(lines)})</p>\n<blockquote lang="zh">{escape(fields["text"] or "")}</blockquote>')
    return "\n".join(parts)


def _contexts(store: ox.Store, iris: set[str]) -> dict[str, tuple]:
    """For each IRI, a PlanKG class it has and the plan it belongs to (either may be None)."""
    if not iris:
        return {}
    values = " ".join(f"<{i}>" for i in sorted(iris))
    rows = store.query(f"SELECT ?s (MIN(?t) AS ?type) (MIN(?p) AS ?plan) WHERE {{ VALUES ?s {{ {values} }} "
                       f"OPTIONAL {{ GRAPH ?g {{ ?s a ?t FILTER(STRSTARTS(STR(?t), \"{PK._NS}\")) }} }} "
                       f"OPTIONAL {{ GRAPH ?h {{ ?s <{PK.inPlan}> ?p }} }} }} GROUP BY ?s")
    return {row["s"].value: (row["type"].value if row["type"] else None, row["plan"].value if row["plan"] else None)
            for row in rows}


def resource_page(store: ox.Store, found, path: str) -> str:
    """The HTML page of one described IRI (``found``: a ``resources.Description``)."""
    rdf_type = str(RDF.type)
    linked = {found.iri} | {t.predicate.value for t in found.outgoing + found.incoming}
    linked |= {t.object.value for t in found.outgoing if isinstance(t.object, ox.NamedNode)}
    linked |= {t.subject.value for t in found.incoming if isinstance(t.subject, ox.NamedNode)}
    names = labels(store, linked)
    own = names.get(found.iri, {})
    title = own.get("zh") or own.get("en") or found.iri
    types = [t.object.value for t in found.outgoing if t.predicate.value == rdf_type]
    heading = f"<h1>{escape(title)}</h1>"
    if own.get("en") and own.get("en") != title:
        heading += f'\n<p class="en" lang="en">{escape(own["en"])}</p>'
    formats = " ".join(f'<a href="{escape(path + suffix)}">{name}</a>' for suffix, name in
                       ((".ttl", "Turtle"), (".jsonld", "JSON-LD"), (".nt", "N-Triples")))
    rows = "\n".join(f"<tr><th>{_link(t.predicate.value, names)}</th><td>{_value(t.object, names)}</td></tr>"
                     for t in found.outgoing if t.predicate.value != rdf_type)
    context = _contexts(store, {t.subject.value for t in found.incoming if isinstance(t.subject, ox.NamedNode)})
    names.update(labels(store, {v for pair in context.values() for v in pair if v} - set(names)))

    def where(iri: str) -> str:
        kind, plan = context.get(iri, (None, None))
        parts = [_link(v, names) for v in (kind, plan) if v]
        return f' <span class="lang">({" · ".join(parts)})</span>' if parts else ""

    incoming = "\n".join(f"<tr><td>{_link(t.subject.value, names)}{where(t.subject.value)}</td>"
                         f"<th>{_link(t.predicate.value, names)}</th></tr>"
                         for t in found.incoming if isinstance(t.subject, ox.NamedNode))
    body = [heading, f'<p class="iri">{escape(found.iri)}</p>',
            '<p class="type">类型 Type: ' + ", ".join(_link(t, labels(store, types)) for t in types) + "</p>",
            f'<p class="formats">其他格式 Other formats: {formats}</p>',
            _source(store, found.outgoing),
            f"<h2>属性 Properties</h2>\n<table>\n{rows}\n</table>"]
    if incoming:
        body.append(f"<h2>被引用 Incoming links ({len(found.incoming)})</h2>\n<table>\n{incoming}\n</table>")
    return _page(title, "\n".join(body))


def not_found(iri: str) -> str:
    body = (f"<h1>未找到 Not found</h1>\n<p class=\"iri\">{escape(iri)}</p>\n"
            "<p>此标识符不在本知识图谱中。This identifier is not in the graph.</p>\n"
            '<p><a href="/id/dataset">数据集说明 Dataset description</a> · <a href="/ontology">本体 Ontology</a></p>')
    return _page("未找到 Not found", body)
