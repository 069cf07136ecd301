"""Find the government bodies a text names (残联, 民政部门, 人民法院 …) using ontology/institutions.ttl."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

VOCABULARY = Path(__file__).resolve().parent.parent / "ontology" / "institutions.ttl"
SCHEME = "https://w3id.org/plankg/id/scheme/institutions"

# Words that make a bare department word (skos:hiddenLabel) name a body: 教育部门, 财政局, 卫健委.
# A suffix is refused when the next character makes an ordinary word of it (局面, 委托).
BODY_SUFFIXES = ("委员会", "办公室", "部门", "机关", "局", "厅", "委")
NOT_AFTER_SUFFIX = {"局": "面势部限", "委": "托派屈婉任员"}
# The end of an enumeration of bodies: 法院、检察院、公安、司法等单位和部门 / 与教育、卫生健康部门 /
# 与工会、共青团、妇联等人民团体.
ENUMERATION_END = re.compile(
    r"等(?:有关|相关)?(?:单位和部门|部门和单位|部门|单位|人民团体|群团组织)|(?:单位和)?部门")
ITEM_SEPARATORS = ("、", "和", "及", "与", " ")
# What may stand right before the first item of an enumeration when that item is a bare word.
FIRST_ITEM_OPENERS = ("与", "和", "及", "同", "由", "各级", "级", "省", "市", "县", "区")
# Issuer names open with a region: 某市人民政府, 某省某市残疾人联合会, 某某自治州民政局.
REGION_ENDINGS = ("自治州", "省", "市", "县", "区", "盟", "旗")


@dataclass
class Mention:
    """One body named in a text; ``start``/``end`` are offsets of ``mention`` in the text."""
    id: str             # concept slug in ontology/institutions.ttl
    name: str           # the concept's Chinese prefLabel
    mention: str        # as printed
    start: int
    end: int


@dataclass(frozen=True)
class Vocabulary:
    names: dict          # slug -> zh prefLabel
    anywhere: dict       # printed form -> slug, forms that name the body wherever they stand
    bare: dict           # bare department word -> slug (only in enumerations)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Read ontology/institutions.ttl once; bare words joined with each body suffix count anywhere."""
    graph = Graph().parse(VOCABULARY, format="turtle")
    names, anywhere, bare = {}, {}, {}
    for concept in graph.subjects(SKOS.inScheme, URIRef(SCHEME)):
        slug = str(graph.value(concept, SKOS.notation))
        for label in graph.objects(concept, SKOS.prefLabel):
            if label.language == "zh":
                names[slug] = str(label)
                anywhere[str(label)] = slug
        for label in graph.objects(concept, SKOS.altLabel):
            anywhere[str(label)] = slug
        for label in graph.objects(concept, SKOS.hiddenLabel):
            bare[str(label)] = slug
            for suffix in BODY_SUFFIXES:
                anywhere.setdefault(str(label) + suffix, slug)
    return Vocabulary(names, anywhere, bare)


@lru_cache(maxsize=1)
def _anywhere_pattern() -> re.Pattern:
    forms = sorted(vocabulary().anywhere, key=len, reverse=True)
    # A lookahead finds the longest form starting at every position, overlaps included.
    return re.compile("(?=(" + "|".join(map(re.escape, forms)) + "))")


def _suffix_refused(form: str, following: str) -> bool:
    for suffix, refused in NOT_AFTER_SUFFIX.items():
        if form.endswith(suffix) and following[:1] and following[0] in refused:
            return True
    return False


@lru_cache(maxsize=1)
def _item_forms() -> tuple[dict, int]:
    """Every form an enumeration item may take (bare words included), and the longest length."""
    vocab = vocabulary()
    forms = {**vocab.anywhere, **vocab.bare}
    return forms, max(map(len, forms))


def _longest_ending_at(text: str, end: int) -> Optional[str]:
    forms, longest = _item_forms()
    for size in range(min(end, longest), 0, -1):
        if text[end - size:end] in forms:
            return text[end - size:end]
    return None


def _enumeration_items(text: str, tail: int) -> list[tuple[int, int, str]]:
    """Bare department words listed right before an enumeration end at ``tail``: (start, end, slug)."""
    vocab = vocabulary()
    items, end = [], tail
    while True:
        form = _longest_ending_at(text, end)
        if form is None:
            break
        items.append((end - len(form), end, form))
        end -= len(form)
        separator = next((s for s in ITEM_SEPARATORS if text.startswith(s, end - len(s))), None)
        if separator is None:
            break
        end -= len(separator)
    found = []
    for index, (start, stop, form) in enumerate(items):
        if form not in vocab.bare:
            continue
        first = index == len(items) - 1
        before = text[:start]
        if first and before and "\u4e00" <= before[-1] <= "\u9fff" and not before.endswith(FIRST_ITEM_OPENERS):
            continue    # 特殊教育等部门: the word is the tail of a longer one
        found.append((start, stop, vocab.bare[form]))
    return found


def find_institutions(text: str) -> list[Mention]:
    """Every body named in ``text``, in order; longest names first, no two mentions overlap.

    Names in ``skos:prefLabel``/``skos:altLabel`` count anywhere; a bare department word
    (``skos:hiddenLabel``: 教育, 财政, 司法 …) counts only with a body suffix (教育部门, 财政局) or as an
    item of an enumeration ending in 等部门 / 等单位 / 部门 (法院、检察院、公安、司法等单位和部门).
    """
    vocab = vocabulary()
    candidates = []
    for match in _anywhere_pattern().finditer(text):
        form = match.group(1)
        start, end = match.start(1), match.start(1) + len(form)
        if not _suffix_refused(form, text[end:end + 1]):
            candidates.append((start, end, vocab.anywhere[form]))
    for tail in ENUMERATION_END.finditer(text):
        candidates.extend(_enumeration_items(text, tail.start()))

    taken: list[tuple[int, int, str]] = []
    for start, end, slug in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, slug))
    return [Mention(slug, vocab.names[slug], text[s:e], s, e) for s, e, slug in sorted(taken)]


def issuer_id(name: str) -> Optional[str]:
    """The concept slug of an issuer name (某市人民政府 -> peoples-government), or None.

    The leading region is whatever comes before a 省/市/县/区/自治州/盟/旗 cut that leaves a known
    name; cuts are tried from the shortest, so 某市市场监督管理局 reads as 某市 + 市场监督管理局.
    """
    name = re.sub(r"\s+", "", name or "")
    forms = vocabulary().anywhere
    cuts = [0] + [i + len(e) for i in range(len(name)) for e in REGION_ENDINGS if name.startswith(e, i)]
    for cut in sorted(set(cuts)):
        if name[cut:] in forms:
            return forms[name[cut:]]
    return None


# 省残联, 市民政局, 县财政局: the first character names the level of the body's region.
MENTION_LEVELS = {"省": "provincial", "市": "prefecture", "州": "prefecture", "县": "county", "区": "county"}
NOT_A_LEVEL = set("本各全我该省市县区州城") - {""}


def mention_level(text: str, start: int, mention: str) -> Optional[str]:
    """The level a mention names by its first character or the one printed right before it, else None.

    省残联 and 省民政厅 name the province; 市 and 县 the city and county. A character that ends a
    word (本市, 各县, 全省, 省市县) leaves the plan's own region.
    """
    if text[max(0, start - 3):start] == "自治区":
        return "provincial"
    if mention[:1] in MENTION_LEVELS and len(mention) > 2:
        return MENTION_LEVELS[mention[0]]
    before = text[start - 1:start] if start > 0 else ""
    earlier = text[start - 2:start - 1] if start > 1 else ""
    if before in MENTION_LEVELS and earlier not in NOT_A_LEVEL:
        return MENTION_LEVELS[before]
    return None
