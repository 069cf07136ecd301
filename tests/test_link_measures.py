"""Measure-level implements links: Yueqing's main tasks against Wenzhou's, checked on the gold file."""
import csv
from pathlib import Path

import pytest

import loaders
from graph.link.measures import align_measures, gaps

ROOT = Path(__file__).resolve().parent.parent
CHILD_PLAN = ROOT / "data/plans/330382-yueqing-2021-2025.txt"
PARENT_PLAN = ROOT / "data/plans/330300-wenzhou-2021-2025.txt"
GOLD = ROOT / "tests/data/alignment/yueqing-wenzhou.tsv"
MAIN_TASKS = "2"          # chapter path of 二、主要任务 in both plans
MIN_PRECISION = MIN_RECALL = 0.95


def main_task_measures(record):
    return [m for m in record.iter_measures()
            if m.kind == "measure" and m.path.split(".", 1)[0] == MAIN_TASKS]


def section_titles(record):
    return {s.path: s.title for s in record.iter_sections()}


@pytest.fixture(scope="module")
def plans(records):
    child, parent = records["yueqing"], records["wenzhou"]     # loaders.parse, in conftest.py
    return {
        "child": main_task_measures(child),
        "parent": main_task_measures(parent),
        "child_sections": section_titles(child),
        "parent_sections": section_titles(parent),
    }


@pytest.fixture(scope="module")
def gold():
    with GOLD.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert rows, f"{GOLD}: no alignment rows"
    return rows


def link(plans, parent=None):
    return align_measures(plans["child"], plans["parent"] if parent is None else parent)


@pytest.fixture(scope="module")
def links(plans):
    return link(plans)


def test_gold_file_covers_every_main_task_measure(plans, gold):
    child_paths = [m.path for m in plans["child"]]
    parent_paths = {m.path for m in plans["parent"]}
    gold_children = [row["child"] for row in gold]
    assert sorted(gold_children) == sorted(child_paths), "gold children differ from the loader's"
    assert len(gold_children) == len(set(gold_children)), "a child measure has two gold lines"
    for row in gold:
        assert row["relation"] in {"same", "changed", "local"}, row
        assert (row["relation"] == "local") == (row["parent"] == ""), row
        assert row["parent"] == "" or row["parent"] in parent_paths, row


def test_precision_and_recall_against_gold(links, gold):
    predicted = {(l.child, l.parent) for l in links if l.parent}
    expected = {(row["child"], row["parent"]) for row in gold if row["parent"]}
    hits = predicted & expected
    precision = len(hits) / len(predicted) if predicted else 0.0
    recall = len(hits) / len(expected) if expected else 0.0
    print(f"\nmain-task measure links: precision {precision:.3f} ({len(hits)}/{len(predicted)}), "
          f"recall {recall:.3f} ({len(hits)}/{len(expected)})")
    wrong = sorted(predicted - expected, key=str)
    missed = sorted(expected - predicted, key=str)
    assert precision >= MIN_PRECISION, f"wrong links: {wrong}"
    assert recall >= MIN_RECALL, f"missed links: {missed}"


def test_every_link_has_score_method_and_evidence(links):
    for l in links:
        assert 0.0 <= l.score <= 1.0 and l.method, l
        assert (l.evidence is not None) == (l.parent is not None), l


def test_vocational_training_shows_the_changed_number(plans, links):
    training = [m for m in plans["child"] if m.heading.startswith("开展残疾人职业技能培训")]
    assert len(training) == 1, [m.heading for m in plans["child"]]
    found = next(l for l in links if l.child == training[0].path)
    parent = next(m for m in plans["parent"] if m.path == found.parent)
    assert parent.heading.startswith("开展残疾人职业技能培训")
    assert ("200人次", "2000人次") in found.evidence.changed_numbers, found.evidence
    # the county moved the training sentence to the end and changed its number: two shared passages
    # around it, and the sentence on each side (a common run under four characters stays in the passage)
    assert [len(text) for text in found.evidence.shared] == [73, 51], found.evidence.shared
    assert found.evidence.child_only == ["。每年培训残疾人200人次。"]
    assert found.evidence.parent_only == ["每年培训残疾人2000人次。"]


def test_gaps_match_the_gold_file(plans, links, gold):
    referenced = {row["parent"] for row in gold if row["parent"]}
    expected = [m.path for m in plans["parent"] if m.path not in referenced]
    assert gaps(links, plans["parent"]) == expected


def test_child_of_a_removed_parent_measure_becomes_a_local_addition(plans, gold):
    # Drop each parent measure in turn: its children must be left unlinked, the rest unchanged.
    expected = {row["child"]: row["parent"] or None for row in gold}
    for dropped in plans["parent"]:
        parent = [m for m in plans["parent"] if m.path != dropped.path]
        got = {l.child: l.parent for l in link(plans, parent)}
        want = {c: (None if p == dropped.path else p) for c, p in expected.items()}
        assert got == want, f"without {dropped.path}: " + str(
            {c: (got[c], want[c]) for c in got if got[c] != want[c]})


def test_linking_is_deterministic(plans, links):
    assert link(plans) == links
    fresh = {
        "child": main_task_measures(loaders.parse(CHILD_PLAN)),
        "parent": main_task_measures(loaders.parse(PARENT_PLAN)),
        "child_sections": plans["child_sections"],
        "parent_sections": plans["parent_sections"],
    }
    assert link(fresh) == links
