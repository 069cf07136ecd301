"""Derivation: basis titles resolved to corpus plans or referenced documents, inferred links up the region
hierarchy, predecessors, and cycles refused."""
from __future__ import annotations

from dataclasses import replace

import pytest

from conftest import PLANS_DIR
from graph.query import execute as queries
from graph.link.analysis import DerivationCycleError, derivation_chain, derivation_graph
from graph.rdf.iris import document_iri
from graph.link.linker import link_store
from graph.rdf.store import load_plans, open_store

PK = "https://w3id.org/plankg/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
ZHEJIANG = "浙江省残疾人事业发展“十四五”规划"
JIAXING = "嘉兴市残疾人事业发展“十四五”规划"
NATIONAL = "“十四五”残疾人保障和发展规划"


def titles(store, iris):
    text = "SELECT ?n ?t WHERE { ?n <http://purl.org/dc/terms/title> ?t }"
    found = {r["n"].value: r["t"].value for r in store.query(text, use_default_graph_as_union=True)}
    return [found[i] for i in iris]


def chain_query(store, plan):
    rows = queries.run_query("derivation_chain", {"plan": plan}, store=store).records()
    return {r["title"]: r for r in rows}


def test_jiashan_reaches_the_national_plan_through_jiaxing_and_zhejiang(store, plan_iris):
    graph = derivation_graph(store)
    chain = derivation_chain(graph, plan_iris["jiashan"])
    assert titles(store, chain) == ["嘉善县残疾人事业发展“十四五”规划", JIAXING, ZHEJIANG, NATIONAL]
    rows = chain_query(store, plan_iris["jiashan"])
    assert [rows[t]["depth"] for t in (JIAXING, ZHEJIANG, NATIONAL)] == [1, 2, 3]
    assert rows[NATIONAL]["corpusPlan"] is None and rows[NATIONAL]["kind"] == "plan"


def test_yueqing_reaches_zhejiang_through_wenzhou(store, plan_iris):
    chain = derivation_chain(derivation_graph(store), plan_iris["yueqing"])
    assert chain[:2] == [plan_iris["yueqing"], plan_iris["wenzhou"]]
    assert titles(store, chain[2:]) == [ZHEJIANG, NATIONAL]
    rows = chain_query(store, plan_iris["yueqing"])
    wenzhou = rows["温州市残疾人事业发展“十四五”规划"]
    assert wenzhou["depth"] == 1 and wenzhou["corpusPlan"] == plan_iris["wenzhou"]
    assert rows[ZHEJIANG]["depth"] == 2


def test_inferred_links_are_marked_and_stated_ones_cite_their_basis(store, plan_iris):
    text = f"""SELECT ?child ?parent ?inferred ?method ?evidence WHERE {{
      ?link a <{PK}Derivation> ; <{RDF}subject> ?child ; <{RDF}predicate> <{PK}derivesFrom> ; <{RDF}object> ?parent ;
            <{PK}inferred> ?inferred ; <{PK}method> ?method .
      OPTIONAL {{ ?link <http://www.w3.org/ns/prov#wasDerivedFrom> ?evidence }} }}"""
    rows = list(store.query(text, use_default_graph_as_union=True))
    inferred = {(r["child"].value, r["parent"].value) for r in rows if r["inferred"].value == "true"}
    zhejiang, national, jiaxing = (document_iri(t) for t in (ZHEJIANG, NATIONAL, JIAXING))
    assert inferred == {(jiaxing, zhejiang), (zhejiang, national), (plan_iris["quzhou"], zhejiang)}
    stated = [r for r in rows if r["inferred"].value == "false"]
    assert stated and all(r["evidence"] is not None for r in stated)
    # Yueqing names Wenzhou's plan by title: the link goes to the corpus plan, the named document is the evidence
    yueqing = [r for r in stated if r["child"].value == plan_iris["yueqing"] and r["parent"].value == plan_iris["wenzhou"]]
    assert len(yueqing) == 1 and yueqing[0]["evidence"].value == document_iri("温州市残疾人事业发展“十四五”规划")


def test_referenced_documents_cover_their_regions(store):
    text = f"""SELECT ?doc ?code ?up WHERE {{ ?doc <{PK}coversRegion> ?r . ?r <{PK}regionCode> ?code .
               OPTIONAL {{ ?r <{PK}partOf>/<{PK}regionCode> ?up }} }}"""
    rows = {(r["doc"].value, r["code"].value, r["up"].value if r["up"] else None)
            for r in store.query(text, use_default_graph_as_union=True)}
    assert (document_iri(ZHEJIANG), "330000", "000000") in rows
    assert (document_iri(JIAXING), "330400", "330000") in rows
    assert (document_iri(NATIONAL), "000000", None) in rows
    assert (document_iri("中华人民共和国残疾人保障法"), "000000", None) in rows
    # a region named inside a title counts (健康杭州…), so a city's own programme is not national
    assert (document_iri("健康杭州2030行动纲要"), "330100", "330000") in rows
    assert (document_iri("健康衢州2030行动纲要"), "330800", "330000") in rows


def test_quote_and_spacing_variants_resolve_to_one_node(records, plan_iris):
    yueqing = records["yueqing"]
    variant = '温州市残疾人事业发展 "十四五" 规划'
    basis = [replace(b, title=variant) if b.title.startswith("温州市") else b for b in yueqing.basis]
    assert document_iri(variant) == document_iri("温州市残疾人事业发展“十四五”规划")
    s = open_store()
    load_plans(s, [records["wenzhou"], replace(yueqing, basis=basis)], PLANS_DIR)
    link_store(s)
    rows = queries.run_query("basis", store=s).records()
    assert ("乐清市", plan_iris["wenzhou"]) in [(r["region"], r["basisPlan"]) for r in rows if r["inCorpus"]]


def test_a_plan_is_linked_to_its_predecessor(records, plan_iris):
    wenzhou = records["wenzhou"]
    earlier = replace(wenzhou, title=wenzhou.title.replace("十四五", "十三五"), period_start=2016, period_end=2020,
                      basis=[], citations=[])
    s = open_store()
    load_plans(s, [wenzhou, earlier], PLANS_DIR)
    report = link_store(s)
    assert [(e.child, e.parent) for e in report.derivation.predecessors] == [
        (plan_iris["wenzhou"], "https://w3id.org/plankg/id/plan/330300-2016-2020-disability")]
    text = f"SELECT ?p ?q WHERE {{ ?p <{PK}predecessor> ?q }}"
    assert [(r["p"].value, r["q"].value) for r in s.query(text, use_default_graph_as_union=True)] == [
        (plan_iris["wenzhou"], "https://w3id.org/plankg/id/plan/330300-2016-2020-disability")]


def test_a_derivation_cycle_is_refused_and_named(records):
    yueqing, wenzhou = records["yueqing"], records["wenzhou"]
    names_yueqing = replace(yueqing.basis[0], title=yueqing.title, kind="plan")
    s = open_store()
    load_plans(s, [yueqing, replace(wenzhou, basis=wenzhou.basis + [names_yueqing])], PLANS_DIR)
    with pytest.raises(DerivationCycleError) as caught:
        link_store(s)
    message = str(caught.value)
    assert "derivation cycle" in message and yueqing.title in message and wenzhou.title in message
    assert not any(g.value.endswith("/graph/links") for g in s.named_graphs()), "nothing written on a cycle"
