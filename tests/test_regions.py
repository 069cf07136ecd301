"""Region resolution with jionlp: the indexed candidate search gives exactly what jionlp's own loop gives.

``loaders.regions`` gives jionlp's location parser an index of the names of its table
(``_indexed_candidates``); these tests run jionlp's parser as shipped (a fresh ``LocationParser``,
whose class keeps the original loop) on the same texts and require the same result: on the titles of
the five plans and of every document they cite, on every region name and alias of the table, and on
names inside longer titles.
"""
from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from loaders import regions

sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402


@pytest.fixture(scope="module")
def reference():
    from jionlp.gadget.location_parser import LocationParser

    regions._jio()                      # the module's parser indexed
    return LocationParser()             # jionlp's parser as shipped


def _both(reference, texts):
    jio = regions._jio()
    with contextlib.redirect_stdout(io.StringIO()):
        ours = [jio.parse_location(t, town_village=False, change2new=True) for t in texts]
        theirs = [reference(t, town_village=False, change2new=True) for t in texts]
    return ours, theirs


def _table_names() -> list[str]:
    """The names and aliases of the provinces, prefectures and counties (the levels a plan names)."""
    names = []

    def walk(node, depth):
        for key, child in node.items():
            if isinstance(child, dict) and not key.startswith("_"):
                names.append(key)
                alias = child.get("_alias")
                names.extend(a for a in ([alias] if isinstance(alias, str) else alias or []) if a)
                if depth < 3:
                    walk(child, depth + 1)

    walk(regions._table(), 1)
    return list(dict.fromkeys(names))


def test_the_parser_is_indexed():
    parser = regions._jio().parse_location
    assert parser.get_candidates.__func__ is regions._indexed_candidates
    regions._jio.cache_clear()
    regions._jio()                      # indexing twice leaves one index
    assert parser.get_candidates.__func__ is regions._indexed_candidates


def test_plan_and_document_titles_resolve_as_jionlp_resolves_them(records, reference):
    titles = [r.title for r in records.values()]
    titles += [d.title for r in records.values() for d in [*r.basis, *r.citations]]
    texts = list(dict.fromkeys(t.strip()[:20] for t in titles if t))
    assert len(texts) > 40
    ours, theirs = _both(reference, texts)
    assert ours == theirs
    found = {o["city"] for o in ours if o["city"]}
    assert {"杭州市", "温州市", "嘉兴市", "衢州市"} <= found


def test_every_region_name_resolves_as_jionlp_resolves_it(reference):
    names = _table_names()
    assert len(names) > 3000
    texts = [f"{name}残疾人事业发展“十四五”规划"[:20] for name in names[::2]]
    texts += [f"关于{name}和{other}的意见"[:20] for name, other in zip(names[1::7], names[3::7])]
    ours, theirs = _both(reference, texts)
    mismatched = [t for t, a, b in zip(texts, ours, theirs) if a != b]
    assert not mismatched, mismatched[:5]
    assert sum(1 for o in ours if o["province"]) > len(texts) // 2


def test_generated_titles_and_long_texts_resolve_as_jionlp_resolves_them(tmp_path, reference):
    out = tmp_path / "n40"
    generate.generate(40, out, seed=3, templates=generate.load_templates())
    texts = []
    for path in sorted(out.glob("*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()[:30] if line.strip()]
        texts += [line[:20] for line in lines]
        texts.append("".join(lines)[:200])          # past INDEXED_TEXT_LIMIT: jionlp's own loop
    texts = list(dict.fromkeys(texts))
    assert any(len(t) > regions.INDEXED_TEXT_LIMIT for t in texts)
    ours, theirs = _both(reference, texts)
    assert ours == theirs
    assert sum(1 for o in ours if o["county"]) > 20
