"""Generate a synthetic corpus of N plan texts from the real plans, for benchmarks at national scale.

Each synthetic plan is one of the real plans of its level (so it keeps that plan's layout: hard wraps
and page markers, tab tables, one-cell-per-line tables, markdown) with the regions renamed to a real
division drawn from jionlp's table (nation -> province -> prefecture -> county), its basis sentence
naming its parent plans, its indicator values varied, and its measures taken from its parent plan:
copied, reworded, changed (numbers or a local clause) or skipped (replaced by another measure of the
real corpus). The provinces recombine measures of the whole real corpus and name the national plan,
which is referenced, not generated. The same
seed gives the same files.

Run: .venv/bin/python bench/generate.py 100 [--seed 1] [--out bench/corpora/n100]
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from regions import PLAN_TITLE, Place, hierarchy  # noqa: E402
from variation import change, rename, reword, vary_numbers, wrap, wrap_width  # noqa: E402

PLANS = ROOT / "data" / "plans"
CORPORA = BENCH / "corpora"                           # gitignored
ACTIONS = (("copy", 0.35), ("reword", 0.35), ("change", 0.15), ("skip", 0.15))
ORDINAL_END = (".", "．", "、")


@dataclass
class Template:
    """A real plan as a pattern: its lines, region chain, measures, indicator tables and wrap width."""
    file: str
    lines: list[str]
    chain: list[str]                                  # its region names, nearest first, nation left out
    measures: list[tuple[int, int, str, str]]         # (first line, last line, printed prefix, text)
    tables: list[tuple[int, int]]                     # indicator table line ranges
    basis_line: int | None
    width: int | None
    level: str


def _prefix(line: str, number: str) -> str | None:
    """The printed ordinal at the start of a measure line (``3.``, ``**3. ``), or None."""
    at = line.find(number)
    if at < 0 or at > 4:
        return None
    end = at + len(number)
    while end < len(line) and (line[end] in ORDINAL_END or line[end] == " "):
        end += 1
    return line[:end] if end > at + len(number) else None


def load_templates(directory=PLANS) -> list[Template]:
    import loaders

    out = []
    for path in sorted(Path(directory).glob("*.txt")):
        record = loaders.parse(path)
        lines = path.read_text(encoding=record.encoding).split("\n")
        chain, region = [], record.region
        while region is not None and region.level != "national":
            chain.append(region.name)
            region = region.parent
        measures = []
        for m in record.iter_measures():
            prefix = _prefix(lines[m.span.start_line - 1], m.number) if m.kind == "measure" and not m.items else None
            if prefix is not None:
                measures.append((m.span.start_line, m.span.end_line, prefix, m.text))
        tables = [(t.span.start_line, t.span.end_line) for t in record.tables if t.kind == "indicators"]
        basis = record.basis_span.start_line if record.basis_span else None
        out.append(Template(path.name, lines, chain, measures, tables, basis, wrap_width(lines),
                            record.region.level))
    return out


def _action(rng: random.Random) -> str:
    pick, total = rng.random(), 0.0
    for name, weight in ACTIONS:
        total += weight
        if pick < total:
            return name
    return ACTIONS[-1][0]


def _names(template_chain: list[str], place: Place) -> dict[str, str]:
    """Template region names (full and short) to the place's, level by level; missing levels become 全国."""
    targets = [p for p in place.chain() if p.level != "national"]
    mapping = {}
    for i, name in enumerate(template_chain):
        target = targets[i] if i < len(targets) else None
        full, short = (target.name, target.short) if target else ("全国", "全国")
        mapping[name] = full
        stem = Place(name, "", "").short
        if stem != name:
            mapping[stem] = short
    return mapping


def _local(chain: list[str]) -> dict[str, str]:
    """A real plan's own region names, full and short, to 本地, so its measures fit any region."""
    names = {name: "本地" for name in chain}
    names.update({Place(name, "", "").short: "本地" for name in chain})
    return names


def compose(template: Template, place: Place, parent_measures: list[str] | None, pool: list[str],
            rng: random.Random) -> tuple[str, list[str], dict]:
    """One plan text for ``place``; returns the text, its measure texts in order, and what was done."""
    lines = list(template.lines)
    done = {"template": template.file, "actions": {}}
    measures = []
    edits: list[tuple[int, int, list[str]]] = []
    for i, (first, last, prefix, own) in enumerate(template.measures):
        if parent_measures and i < len(parent_measures):
            action = _action(rng)
            source = parent_measures[i]
            text = {"copy": lambda t: t, "reword": lambda t: reword(t, rng), "change": lambda t: change(t, rng),
                    "skip": lambda t: rng.choice(pool)}[action](source)
        else:
            action = "recombine"
            text = rng.choice(pool)
            text = reword(text, rng) if rng.random() < 0.3 else text
        done["actions"][action] = done["actions"].get(action, 0) + 1
        measures.append(text)
        body = wrap(prefix + text, template.width)
        edits.append((first, last, body))
    for first, last in template.tables:
        edits.append((first, last, [vary_numbers(line, rng) for line in lines[first - 1:last]]))
    for first, last, body in sorted(edits, reverse=True):
        lines[first - 1:last] = body
    text = rename("\n".join(lines), _names(template.chain, place))
    if place.parent is not None:
        text = _name_parent(text, template, place, edits)
    return text, measures, done


def _name_parent(text: str, template: Template, place: Place, edits) -> str:
    """Make the basis sentence name the parent plan if the template's did not name its counterpart."""
    parent_title = PLAN_TITLE.format(place.parent.name)
    if template.basis_line is None:
        return text
    lines = text.split("\n")
    shift = sum(len(body) - (last - first + 1) for first, last, body in edits if last < template.basis_line)
    at = template.basis_line - 1 + shift
    head = "\n".join(lines[max(0, at - 2):at + 4])
    if f"《{parent_title}》" in head:
        return text
    for j in range(at, min(at + 4, len(lines))):
        if "《" in lines[j]:
            lines[j] = lines[j].replace("《", f"《{parent_title}》《", 1)
            break
    return "\n".join(lines)


def generate(n: int, out: Path, seed: int = 1, templates: list[Template] | None = None) -> list[dict]:
    """Write ``n`` plan files into ``out`` (emptied first) and a ``manifest.json``; return the manifest."""
    rng = random.Random(seed)
    templates = templates or load_templates()
    by_level = {"county": [t for t in templates if t.level == "county"],
                "upper": [t for t in templates if t.level != "county"]}
    pool = [rename(m[3], _local(t.chain)) for t in templates for m in t.measures]
    places = hierarchy(n + 1, seed)                   # the nation heads the hierarchy; its plan stays referenced
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    measures_of: dict[str, list[str]] = {}
    manifest = []
    for place in places:
        if place.level == "national":
            continue                                  # a national title names no province: loaders give it no region
        template = rng.choice(by_level["county" if place.level == "county" else "upper"])
        parent = measures_of.get(place.parent.code) if place.parent else None
        text, measures, done = compose(template, place, parent, pool, rng)
        measures_of[place.code] = measures
        name = f"{place.code}-{place.level}-2021-2025.txt"
        (out / name).write_text(text, encoding="utf-8")
        manifest.append({"file": name, "region": place.name, "code": place.code, "level": place.level,
                         "parent": place.parent.code if place.parent else None, **done})
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of plans")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="folder to write (default bench/corpora/n<N>)")
    args = parser.parse_args(argv)
    out = args.out or CORPORA / f"n{args.n}"
    try:
        manifest = generate(args.n, out, args.seed)
    except ValueError as problem:
        print(f"generate: {problem}", file=sys.stderr)
        return 2
    levels = {}
    for row in manifest:
        levels[row["level"]] = levels.get(row["level"], 0) + 1
    print(f"{len(manifest)} plans in {out}: {levels}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
