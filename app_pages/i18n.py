"""The interface languages: pick the Chinese or the English of a pair of labels (plan text stays Chinese)."""
from __future__ import annotations

LANGUAGES = {"zh": "中文", "en": "English"}
DEFAULT = "zh"


def pick(lang: str, zh: str, en: str) -> str:
    """``zh`` in Chinese mode, ``en`` in English mode (falling back to the other when one is empty)."""
    if lang == "en":
        return en or zh
    return zh or en


# Terms of vocabularies PlanKG reuses but does not label itself.
EXTERNAL = {"http://www.w3.org/2004/02/skos/core#Concept": ("概念", "concept")}


def label(row: dict, lang: str, zh_key: str = "labelZh", en_key: str = "labelEn") -> str:
    """A vocabulary label of a query row in the interface language."""
    return pick(lang, str(row.get(zh_key) or ""), str(row.get(en_key) or ""))


def local_name(iri: str) -> str:
    """The last segment of an IRI (after '#' or '/'), for terms without a label."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
