"""Find quantitative targets (参保率达到 95%, 每年培训残疾人 2000 人次) inside measure text."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from loaders.values import amount_of, comparator_of, quantity_pattern

# Marks that end the clause a subject can stand in; 、 ends it only right after another target
# (残联理事长配备率 100%、专职委员配备率 100%), since lists of nouns also use it (声乐、舞蹈等人才).
CLAUSE_BREAKS = "，。；,;：:！？!?\n\t"
SENTENCE_BREAKS = "。；;！？!?\n"
# After a measure word a quantity may be followed by what it counts (创建 50个省级无障碍社区).
COUNTING_UNITS = {"个", "家", "户", "所", "名", "支", "项", "套", "场", "场次", "次", "座", "处",
                  "条", "间", "台", "辆", "批", "张", "床"}
# Characters that may follow a target quantity directly without making it a modifier.
CONTINUATIONS = set("并和及与或且、，。；,;：:！？!?）)”’】」 \t\n")
RANGE_MARKS = "-—–~～至"
# Verbs and adverbs between a subject and its number: 参保率达到 95%, 人才共 100名, 各 60名.
LINKING_WORDS = ("保持在", "稳定在", "提高到", "提升到", "提高至", "提升至", "增加到", "增长到",
                 "扩大到", "控制在", "降低到", "下降到", "达到", "达", "为", "共", "各", "均",
                 "分别", "约", "近", "在")
# Lead-ins that carry no meaning for the subject and are dropped.
LEAD_INS = ("确保", "力争", "争取", "努力", "推动", "实现", "其中", "并", "要")
AT_LEAST = ("至少", "不少于", "不低于")


@dataclass
class TargetMatch:
    """One quantitative target; ``start``/``end`` are offsets of ``text`` in the searched string."""
    subject: str
    comparator: str
    value: float
    unit: Optional[str]
    qualifier: Optional[str]
    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def _qualifier_pattern() -> re.Pattern:
    """Time and scope words that qualify a target: 到2025年, 每年, 年均, 累计, 全市, 我县 ..."""
    period = r"“?十[一二三四五六七八九]五”?(?:期间|时期|末)?"
    return re.compile(
        rf"\s*(?:到\s*\d{{4}}\s*年(?:底|末)?|\d{{4}}\s*年(?:底|末)?前?|每年|年均|累计|{period}"
        r"|[全我][省市县区州盟旗国])\s*"
    )


LIST_ORDINAL = re.compile(r"\s*(?:\d{1,2}[.．、](?=\D|\d+[-—–~]\d)|[（(]\d{1,2}[）)])\s*")
# An ordinal inside a clause (社会保险1.残疾人…, from joined table cells) also opens a new clause.
INLINE_ORDINAL = re.compile(r"(?<![\d.．])\d{1,2}[.．](?=[^\d\s]|\d+[-—–~]\d)")
TRAILING_QUALIFIER = re.compile(r"(?:每年|年均|累计)$")
SCOPE = re.compile(r"[全我][省市县区州盟旗国]")
DEADLINE = re.compile(r"到\s*\d{4}\s*年(?:底|末)?")


def _inside_quotes(text: str, sentence_start: int, position: int) -> bool:
    before = text[sentence_start:position]
    return before.count("“") > before.count("”") or before.count("《") > before.count("》")


def _is_range(text: str, match: re.Match) -> bool:
    """3000至 5000名, 50 人-100 人: either end of a range is no target."""
    before = text[:match.start()].rstrip()
    after = text[match.end():].lstrip()
    if before and before[-1] in RANGE_MARKS:
        # 提高至 65% is a target; 3000至 5000 is a range.
        if before[-1] != "至" or re.search(r"[\d%人名家户个次]\s*$", before[:-1]):
            return True
    return bool(re.match(rf"[{RANGE_MARKS}]\s*\d", after))


def _number_is_acceptable(text: str, match: re.Match) -> bool:
    numeral = match.group("number")
    if not numeral[0].isdigit():
        # 一个, 两项, 三支 are idioms far more often than targets; only read 一万, 三十 ...
        if not (re.search("[十百千万亿]", numeral) or match.group("mult")):
            return False
        if match.start() and text[match.start() - 1] in "零〇一二两三四五六七八九十百千万亿第":
            return False
    preceding = text[:match.start()].rstrip()[-1:]
    return preceding not in ("第", "每") and not (preceding.isascii() and preceding.isalnum())


def _skip_ordinal(text: str, start: int, end: int) -> int:
    """Offset after a list ordinal (1. / （2）) and spaces at text[start:end]."""
    match = LIST_ORDINAL.match(text, start, end)
    start = match.end() if match else start
    while start < end and text[start].isspace():
        start += 1
    return start


def _strip_leading(text: str, start: int, end: int):
    """Strip qualifiers and lead-ins from text[start:end]; return (start, qualifiers, at_least)."""
    qualifiers, at_least = [], False
    while True:
        while start < end and text[start].isspace():
            start += 1
        match = _qualifier_pattern().match(text, start, end)
        if match and match.end() > start:
            qualifiers.append(re.sub(r"\s+", "", match.group()))
            start = match.end()
            continue
        word = next((w for w in LEAD_INS + AT_LEAST if text.startswith(w, start, end)), None)
        if word is None:
            return start, qualifiers, at_least
        at_least = at_least or word in AT_LEAST
        start += len(word)


def _clean_subject(raw: str) -> tuple[str, bool]:
    """Drop spaces and trailing linking words; also report whether 至少 was inside."""
    subject = re.sub(r"\s+", "", raw)
    at_least = False
    for word in AT_LEAST:
        if word in subject:
            subject, at_least = subject.replace(word, ""), True
    changed = True
    while changed:
        changed = False
        for word in LINKING_WORDS:
            if subject.endswith(word) and len(subject) > len(word) + 1:
                subject, changed = subject[: -len(word)], True
    return subject, at_least


def _counted_object(text: str, end: int) -> Optional[int]:
    """End offset of the noun a measure word counts (50个省级无障碍社区), or None when too long."""
    stop = end
    while stop < len(text) and text[stop] not in CLAUSE_BREAKS and text[stop] not in "、。":
        stop += 1
    return stop if 0 < stop - end <= 30 else None


def extract_targets(text: str) -> list[TargetMatch]:
    """Every quantitative target stated in ``text``, in order.

    The subject is the phrase between the previous clause break (or the previous target) and the
    number, without list ordinals, lead-ins (确保, 力争) and linking verbs (达到, 保持在). Time and
    scope words at its head (每年, 到2025年, 累计, 全市, 我县) go to ``qualifier``, not the subject;
    a 到2025年 earlier in the same sentence qualifies it too unless the clause has its own time word.
    达到 X gives ``=``; X以上 and 不少于/不低于/至少 give ``>=``. Years, ages, ordinals, ranges,
    quoted names and numbers without a unit are never targets; neither is a count that modifies a
    noun (50人以上村, 80%的) or opens a clause without a verb (194名残疾学生进入…).
    """
    targets: list[TargetMatch] = []
    previous_end = 0
    for match in quantity_pattern(unit_required=True).finditer(text):
        if not _number_is_acceptable(text, match) or _is_range(text, match):
            continue
        sentence_start = max(text.rfind(c, 0, match.start()) for c in SENTENCE_BREAKS) + 1
        if _inside_quotes(text, sentence_start, match.start()):
            continue
        value, unit = amount_of(match)
        if value is None:
            continue

        end = match.end()
        following = text[end:end + 2]
        counted_end = None
        if following.startswith("的"):
            continue
        if following and following[0] not in CONTINUATIONS and not following.startswith("左右"):
            counted_end = _counted_object(text, end) if unit in COUNTING_UNITS else None
            if counted_end is None:
                continue

        clause_start = max(text.rfind(c, 0, match.start()) for c in CLAUSE_BREAKS) + 1
        for ordinal in INLINE_ORDINAL.finditer(text, clause_start, match.start()):
            clause_start = ordinal.start()
        if previous_end > clause_start:
            clause_start = previous_end
            while clause_start < match.start() and text[clause_start] in "、和及与 ":
                clause_start += 1
        span_start = _skip_ordinal(text, clause_start, match.start())
        start, qualifiers, at_least = _strip_leading(text, span_start, match.start())
        raw_subject = text[start:match.start()]
        if raw_subject.rstrip().endswith("的"):
            continue
        subject, at_least_inside = _clean_subject(raw_subject)
        trailing = TRAILING_QUALIFIER.search(subject)
        if trailing and trailing.start() >= 2:
            qualifiers.append(trailing.group())
            subject, _ = _clean_subject(subject[:trailing.start()])
        if counted_end is not None:
            # 194名残疾学生进入…, 对 1160 名残疾人…, …等 5 个文体团队…: facts, not targets
            if len(subject) < 2 or subject.endswith("等"):
                continue
            subject += re.sub(r"\s+", "", text[end:counted_end])
            end = counted_end
        if len(subject) < 2 or subject[0] in "比较":
            continue

        comparator = comparator_of(match)
        if comparator == "=" and (at_least or at_least_inside):
            comparator = ">="
        if not any(SCOPE.fullmatch(q) is None for q in qualifiers):
            # a deadline earlier in the sentence applies unless the clause states its own time (每年)
            deadline = list(DEADLINE.finditer(text, sentence_start, clause_start))
            if deadline:
                qualifiers.insert(0, re.sub(r"\s+", "", deadline[-1].group()))
        targets.append(TargetMatch(
            subject=subject, comparator=comparator, value=value, unit=unit,
            qualifier="".join(qualifiers) or None, start=span_start, end=end,
            text=text[span_start:end],
        ))
        previous_end = end
    return targets
