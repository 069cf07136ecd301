"""The policy-topic vocabulary (ontology/topics.ttl) and the topic vectors the linker compares."""
from __future__ import annotations

import numpy as np
import rdflib
from rdflib.namespace import SKOS

from conftest import ROOT
from graph.link.topics import BROADER_SHARE, HEADING_WEIGHT, TopicModel, topic_vocabulary

SCHEME = rdflib.URIRef("https://w3id.org/plankg/id/scheme/topics")


def test_every_topic_is_in_the_scheme_with_zh_and_en_labels():
    g = rdflib.Graph().parse(ROOT / "ontology/topics.ttl")
    concepts = set(g.subjects(SKOS.inScheme, SCHEME))
    assert len(concepts) >= 50
    for c in concepts:
        langs = {l.language for l in g.objects(c, SKOS.prefLabel)}
        assert langs == {"zh", "en"}, c
        for b in g.objects(c, SKOS.broader):
            assert b in concepts and (b, SKOS.narrower, c) in g, (c, b)
    tops = set(g.objects(SCHEME, SKOS.hasTopConcept))
    assert tops == {c for c in concepts if (c, SKOS.broader, None) not in g}


def test_words_of_a_measure_name_its_topics():
    v = topic_vocabulary()
    slugs = [v.slugs[k] for k in v.mentions("推进残疾人家庭无障碍改造，实施净居亮居工程")]
    assert slugs == ["home-accessibility", "home-accessibility"]
    counts = v.counts("落实困难残疾人生活补贴和重度残疾人护理补贴", heading="完善残疾人福利体系")
    welfare, livelihood = v.slugs.index("welfare-subsidies"), v.slugs.index("livelihood")
    assert counts[welfare] == 2 + HEADING_WEIGHT          # 生活补贴, 护理补贴, and 福利体系 in the heading
    assert counts[livelihood] == BROADER_SHARE * counts[welfare]


def test_reworded_measures_of_the_plans_share_topics(records):
    # Hangzhou's 健全残疾人救助体系 and Quzhou's 完善残疾人基本生活保障制度 share few characters
    hangzhou = next(m for m in records["hangzhou"].iter_measures() if m.path == "3.4-m16")
    quzhou = next(m for m in records["quzhou"].iter_measures() if m.path == "3.1-m1")
    other = next(m for m in records["quzhou"].iter_measures() if m.path == "3.6-m4")     # information accessibility
    every = [m for r in records.values() for m in r.iter_measures() if m.kind != "sub_item"]
    model = TopicModel(topic_vocabulary(), [(m.text, m.heading) for m in every])
    h, q, o = model.vectors([(m.text, m.heading) for m in (hangzhou, quzhou, other)])
    assert float(h @ q) > 0.6 > 0.1 > float(h @ o)
    assert topic_vocabulary().slugs[model.shared(h, q)[0]] == "social-assistance"
    assert np.isclose(np.linalg.norm(h), 1.0)


def test_the_store_holds_the_topic_scheme(store):
    rows = list(store.query("""SELECT (COUNT(?c) AS ?n) WHERE { ?c <http://www.w3.org/2004/02/skos/core#inScheme>
                               <https://w3id.org/plankg/id/scheme/topics> }""", use_default_graph_as_union=True))
    assert int(rows[0]["n"].value) == len(topic_vocabulary())
