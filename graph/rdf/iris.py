"""Deterministic IRIs for plan nodes, and the curated concepts (ontology/*.ttl) printed words resolve to.

An IRI depends only on what the plan says (region code, period, plan type, loader path, title), never
on build order or chance, so a rebuild gives the same IRIs and links made by later steps survive.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from graph.config import ONTOLOGY_DIR, SHAPES_FILE
from graph.rdf.namespace import CONCEPT, ID, SKOS

_QUOTES = re.compile(r"[\s\"'“”‘’「」『』《》〈〉]+")
_TRAILING_UNIT = re.compile(r"[(（][^()（）]{1,4}[)）]\s*$")
_PERIOD_TAG = re.compile(r"第?[一二三四五六七八九十]+五(?:时期)?")


# The concept schemes graph.rdf.build resolves printed words against, by short name.
SCHEMES = {
    "indicator": CONCEPT + "indicator",
    "attribute": CONCEPT + "attribute",
    "admin-level": CONCEPT + "admin-level",
    "plan-type": CONCEPT + "plan-type",
    "doc-kind": ID + "scheme/document-kinds",
}


def normalise_label(text: str) -> str:
    """Compare printed names: Unicode NFKC (full-width to half-width), no quotes, no whitespace."""
    return _QUOTES.sub("", unicodedata.normalize("NFKC", text or ""))


def normalise_plan_type(text: str) -> str:
    """A plan type without its period tag (“十四五”) so 残疾人事业“十四五”发展规划 still matches."""
    return _PERIOD_TAG.sub("", normalise_label(text))


def short_hash(text: str, length: int = 16) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def segment(key: str) -> str:
    """One IRI path segment: keeps the loader's ids (2.1-m3) readable, escapes everything else."""
    return quote(str(key), safe="-._~")


# ---------------------------------------------------------------- minted IRIs

def region_iri(code: str) -> str:
    return f"{ID}region/{segment(code)}"


def plan_iri(region_code: str | None, period_start, period_end, plan_type_slug: str) -> str:
    return f"{ID}plan/{segment(region_code or 'unknown')}-{period_start}-{period_end}-{plan_type_slug}"


def plan_graph_iri(plan: str) -> str:
    return f"{plan}/graph"


def part_iri(plan: str, kind: str, key) -> str:
    """A component of a plan: {plan}/section/2.1, {plan}/measure/2.1-m3, {plan}/indicator/4 …"""
    return f"{plan}/{kind}/{segment(key)}"


def document_iri(title: str) -> str:
    return f"{ID}doc/{short_hash(normalise_label(title))}"


def institution_iri(region_code: str | None, key: str) -> str:
    return f"{ID}org/{segment(region_code or 'unknown')}/{segment(key)}"


def institution_key(name: str) -> str:
    """Key of a body that is not in the institution scheme: a hash of its normalised name."""
    return "h" + short_hash(normalise_label(name), 10)


# ---------------------------------------------------------------- curated concepts

@dataclass
class Vocabulary:
    """Look-ups over the SKOS schemes: printed label or notation to concept IRI, per scheme."""

    labels: dict[str, dict[str, str]] = field(default_factory=dict)     # scheme -> label -> concept
    notations: dict[str, dict[str, str]] = field(default_factory=dict)  # scheme -> notation -> concept
    concept_notation: dict[str, str] = field(default_factory=dict)
    concepts: set[str] = field(default_factory=set)

    def by_label(self, scheme: str, printed: str | None, normalise=normalise_label) -> str | None:
        if not printed:
            return None
        return self.labels.get(SCHEMES.get(scheme, scheme), {}).get(normalise(printed))

    def by_notation(self, scheme: str, notation: str | None) -> str | None:
        return self.notations.get(SCHEMES.get(scheme, scheme), {}).get(notation or "")

    def indicator(self, name: str) -> str | None:
        """Match the printed name; a trailing unit in brackets (残疾人住房救助比例(%)) is not part of it."""
        return self.by_label("indicator", name) or self.by_label("indicator", _TRAILING_UNIT.sub("", name or ""))

    def attribute(self, printed: str | None) -> str | None:
        return self.by_label("attribute", printed) or self.by_notation("attribute", printed)

    def document_kind(self, kind: str | None) -> str | None:
        return self.by_notation("doc-kind", kind) or self.by_notation("doc-kind", "other")

    def admin_level(self, level: str | None) -> str | None:
        return self.by_notation("admin-level", level)

    def plan_type(self, printed: str | None) -> tuple[str | None, str]:
        """(concept or None, IRI slug); an unknown type gets a stable hash slug, never a random one."""
        concept = self.by_label("plan-type", printed, normalise_plan_type)
        if concept:
            return concept, self.concept_notation[concept]
        return None, "t" + short_hash(normalise_plan_type(printed or ""), 8)

    def institution(self, key: str) -> str | None:
        """The concept of ontology/institutions.ttl with this key (its notation or last IRI segment)."""
        for notations in self.notations.values():
            if key in notations and notations[key].startswith(ID + "institution/"):
                return notations[key]
        iri = f"{ID}institution/{segment(key)}"
        return iri if iri in self.concepts else None


def vocabulary_files() -> list[Path]:
    """The Turtle files of the vocabulary graph: everything in ontology/ except the SHACL shapes."""
    return sorted(p for p in ONTOLOGY_DIR.glob("*.ttl") if p != SHAPES_FILE)


@lru_cache(maxsize=1)
def vocabulary_triples() -> tuple[ox.Triple, ...]:
    triples = []
    for path in vocabulary_files():
        with open(path, "rb") as handle:
            triples.extend(ox.Triple(q.subject, q.predicate, q.object)
                           for q in ox.parse(handle, ox.RdfFormat.TURTLE, base_iri=path.as_uri()))
    return tuple(triples)


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    in_scheme, notation, labels = {}, {}, {}
    pref, alt, note = str(SKOS.prefLabel), str(SKOS.altLabel), str(SKOS.notation)
    for t in vocabulary_triples():
        s, p = t.subject.value, t.predicate.value
        if p == str(SKOS.inScheme):
            in_scheme.setdefault(s, []).append(t.object.value)
        elif p == note:
            notation[s] = t.object.value
        elif p in (pref, alt) and getattr(t.object, "language", None) in ("zh", None):
            labels.setdefault(s, []).append(t.object.value)
    vocab = Vocabulary(concept_notation=notation, concepts=set(in_scheme))
    for concept, schemes in in_scheme.items():
        for scheme in schemes:
            by_label = vocab.labels.setdefault(scheme, {})
            for label in labels.get(concept, []):
                by_label.setdefault(normalise_label(label), concept)
                if scheme == SCHEMES["plan-type"]:
                    by_label.setdefault(normalise_plan_type(label), concept)
            if concept in notation:
                vocab.notations.setdefault(scheme, {})[notation[concept]] = concept
    return vocab
