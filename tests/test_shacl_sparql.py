"""The link shapes compiled to SPARQL and run in the store give pySHACL's verdict, row for row and
message for message: on the five plans' links graph, on each broken case alone and on all at once;
and what the compiler cannot check exactly is refused, so that validation falls back to the engine."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib

from conftest import TEST_DATA, links_broken_by
from graph.rdf.link_validation import validate_links_in_store
from graph.rdf.namespace import LINKS_GRAPH
from graph.rdf.shacl_sparql import Unsupported, compile_shapes
from graph.rdf.validate import LINK_SHAPES, links_data_graph, shapes_graph, validate_graph, validate_links

CASES = sorted((TEST_DATA / "link-shapes").glob("*.ru"))
SHP = "https://w3id.org/plankg/shapes#"


def _rows(report):
    return sorted((r.focus, r.shape, r.severity, r.path or "", r.value or "", r.message, r.source or "")
                  for r in report.rows)


def _reference(store):
    return validate_graph(links_data_graph(store), LINKS_GRAPH, LINK_SHAPES, engine="pyshacl")


def test_every_link_shape_compiles():
    checks = compile_shapes(shapes_graph(), LINK_SHAPES)
    shapes = {c.constraint or c.shape for c in checks}
    assert {SHP + "LinkScore", SHP + "CorrespondenceSubject", SHP + "FamilyMembers", SHP + "FindingKind",
            SHP + "ImplementsWithinRegion", SHP + "DerivationAcyclic", SHP + "FamilyOnePerPlan"} <= shapes
    components = {c.component.rsplit("#", 1)[-1] for c in checks}
    assert {"MinCountConstraintComponent", "MaxCountConstraintComponent", "DatatypeConstraintComponent",
            "ClassConstraintComponent", "InConstraintComponent", "NodeKindConstraintComponent",
            "MinInclusiveConstraintComponent", "MinLengthConstraintComponent",
            "SPARQLConstraintComponent"} <= components


def test_the_five_plans_links_conform_as_for_pyshacl(store):
    fast = validate_links_in_store(store)
    assert fast.conforms and not fast.rows
    assert _reference(store).conforms


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_each_broken_case_gives_pyshacls_rows(store, case):
    broken = links_broken_by(store, [case])
    fast, reference = validate_links_in_store(broken), _reference(broken)
    assert not fast.conforms and not reference.conforms
    assert _rows(fast) == _rows(reference)
    expected = case.read_text(encoding="utf-8").split()[2]
    assert expected in {r.shape for r in fast.rows}


def test_every_case_at_once_gives_pyshacls_rows_and_a_report(store):
    broken = links_broken_by(store, CASES)
    fast, reference = validate_links_in_store(broken), _reference(broken)
    assert _rows(fast) == _rows(reference) and len(fast.rows) >= len(CASES)
    threaded = validate_links_in_store(broken, threads=2)      # the queries in two threads: the same report
    assert _rows(threaded) == _rows(fast) and threaded.turtle.count("sh:ValidationResult") == len(fast.rows)
    report = rdflib.Graph().parse(data=fast.turtle, format="turtle")
    SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert len(set(report.subjects(rdflib.RDF.type, SH.ValidationResult))) == len(fast.rows)
    assert (None, SH.conforms, rdflib.Literal(False)) in report
    cycle = next(r for r in fast.rows if r.shape == "shp:DerivationAcyclic")
    assert cycle.value == cycle.focus and cycle.path is None
    region = next(r for r in fast.rows if r.shape == "shp:ImplementsWithinRegion")
    assert "region/330382" in region.message and "region/330300" in region.message  # {?var} filled in


def test_the_default_validation_is_the_compiled_one_and_agrees_with_the_batches(store):
    broken = links_broken_by(store, CASES)
    compiled, batched = validate_links(broken), validate_links(broken, method="shacl")
    assert _rows(compiled) == _rows(validate_links_in_store(broken))
    assert [r[:5] for r in _rows(compiled)] == [r[:5] for r in _rows(batched)]
    with pytest.raises(ValueError, match="PLANKG_LINKS_VALIDATION='fast': not a links validation"):
        validate_links(store, method="fast")


def test_a_shape_part_it_does_not_check_is_refused():
    shapes = rdflib.Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:P .
        ex:P sh:path ex:p ; sh:qualifiedMinCount 1 ; sh:message "m" .""", format="turtle")
    with pytest.raises(Unsupported, match="qualifiedMinCount"):
        compile_shapes(shapes, [rdflib.URIRef("https://example.org/S")])
    shapes = rdflib.Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:P .
        ex:P sh:path ex:p ; sh:minCount 1 .""", format="turtle")
    with pytest.raises(Unsupported, match="sh:message"):                 # the engine's default wording
        compile_shapes(shapes, [rdflib.URIRef("https://example.org/S")])


def test_a_subclass_in_the_links_graph_falls_back_to_the_engine(store):
    # rdfs:subClassOf in the data graph makes sh:class and sh:targetClass follow it: the compiled checks
    # do not, so the store is refused and validate_links gives the batched engine's verdict
    from graph.rdf.link_validation import validate_links_batched

    copy = ox.Store()
    copy.extend(store)
    links = ox.NamedNode(LINKS_GRAPH)
    pk = "https://w3id.org/plankg/ontology#"
    copy.add(ox.Quad(ox.NamedNode(pk + "Correspondence"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
                     ox.NamedNode(pk + "Link"), links))
    with pytest.raises(Unsupported, match="subClassOf"):
        validate_links_in_store(copy)
    assert _rows(validate_links(copy)) == _rows(validate_links_batched(copy))


def test_a_link_class_given_in_a_plan_graph_makes_a_focus_node_as_for_pyshacl(store):
    # the reference engine's data graph copies the types of every node the links graph names, from any
    # graph: a measure typed pk:Derivation in its plan graph becomes a focus node of the link shapes
    from graph.rdf.shacl_sparql import typed_elsewhere

    copy = ox.Store()
    copy.extend(store)
    pk = "https://w3id.org/plankg/ontology#"
    links = ox.NamedNode(LINKS_GRAPH)
    source = next(iter(copy.quads_for_pattern(None, ox.NamedNode(pk + "alignmentSource"), None, links))).object
    graph = next(iter(copy.quads_for_pattern(source, None, None))).graph_name
    assert graph != links
    copy.add(ox.Quad(source, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                     ox.NamedNode(pk + "Derivation"), graph))
    assert typed_elsewhere(copy, shapes_graph(), LINK_SHAPES) == {pk + "Derivation"}
    assert typed_elsewhere(store, shapes_graph(), LINK_SHAPES) == frozenset()
    fast = validate_links_in_store(copy)
    assert _rows(fast) == _rows(_reference(copy))
    assert {r.shape for r in fast.rows if r.focus == source.value} >= {"shp:LinkScore", "shp:LinkMethod"}


COMPONENT_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:targetSubjectsOf ex:marks ;
    sh:property ex:Bounded, ex:Named, ex:Kind, ex:Tagged, ex:Counted, ex:Dated, ex:Flag .
ex:Bounded sh:path ex:amount ; sh:minExclusive 0 ; sh:maxExclusive 10 ; sh:datatype xsd:integer ; sh:message "amount" .
ex:Named sh:path ex:code ; sh:maxLength 4 ; sh:minLength 2 ; sh:pattern "^[a-z]+$" ; sh:flags "i" ; sh:message "code" .
ex:Kind sh:path ex:ref ; sh:nodeKind sh:BlankNodeOrIRI ; sh:class ex:D ; sh:message "ref" .
ex:Tagged sh:path ex:tag ; sh:hasValue "yes" ; sh:in ( "yes" "no" ) ; sh:message "tag" .
ex:Counted sh:path ex:part ; sh:minCount 2 ; sh:maxCount 3 ; sh:nodeKind sh:Literal ; sh:message "part" .
ex:Dated sh:path ex:day ; sh:datatype xsd:date ; sh:maxInclusive "2025-12-31"^^xsd:date ; sh:message "day" .
ex:Flag sh:path ex:flag ; sh:datatype xsd:boolean ; sh:message "flag" .
"""

COMPONENT_DATA = """
@prefix ex: <https://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:good a ex:C ; ex:amount 5 ; ex:code "AbC" ; ex:ref ex:d1 ; ex:tag "yes" ; ex:part "a", "b" ;
    ex:day "2025-06-30"^^xsd:date ; ex:flag true .
ex:d1 a ex:D .
ex:bad1 a ex:C ; ex:amount 0, 10, "3", 2.5 ; ex:code "a", "abcde", "a1" ; ex:ref "literal", ex:nothing ;
    ex:tag "no", "maybe" ; ex:part "a", "b", "c", "d" ; ex:day "2026-01-01"^^xsd:date, "2025-02-30"^^xsd:date ;
    ex:flag "yes"^^xsd:boolean, "1"^^xsd:boolean .
ex:bad2 ex:marks ex:good ; ex:part ex:notALiteral ; ex:amount -1 ; ex:code 12 .
"""


def test_every_component_it_compiles_gives_pyshacls_rows():
    # components the link shapes do not use yet, checked against the reference on a small graph
    from pyshacl import validate

    from graph.rdf.validate import rdflib_term as _rdflib
    from graph.rdf.shacl_sparql import run_checks

    shapes = rdflib.Graph().parse(data=COMPONENT_SHAPES, format="turtle")
    data = rdflib.Graph().parse(data=COMPONENT_DATA, format="turtle")
    store = ox.Store()
    links = ox.NamedNode(LINKS_GRAPH)
    store.load(data.serialize(format="nt").encode(), format=ox.RdfFormat.N_QUADS, to_graph=links)
    checks = compile_shapes(shapes, [rdflib.URIRef("https://example.org/S")], frozenset())
    fast = sorted((v.focus.value, v.check.shape, str(_rdflib(v.value)) if v.value is not None else "", v.message)
                  for v in run_checks(store, checks))
    # the reference reads the data as the store holds it
    stored = rdflib.Graph().parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=links), format="nt")
    _, results, _ = validate(stored, shacl_graph=shapes, inference="none", advanced=False)
    SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    reference = sorted((str(results.value(r, SH.focusNode)), str(results.value(r, SH.sourceShape)),
                        str(results.value(r, SH.value)) if results.value(r, SH.value) is not None else "",
                        str(results.value(r, SH.resultMessage)))
                       for r in results.subjects(rdflib.RDF.type, SH.ValidationResult))
    assert fast == reference
    assert len(reference) >= 20 and not any(focus.endswith("/good") for focus, *_ in reference)


def test_a_sparql_constraint_it_cannot_read_exactly_is_refused():
    def shapes(select: str) -> rdflib.Graph:
        return rdflib.Graph().parse(data=f'''
            @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
            ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql ex:Q .
            ex:Q a sh:SPARQLConstraint ; sh:message "m" ; sh:select """{select}""" .''', format="turtle")

    shape = [rdflib.URIRef("https://example.org/S")]
    with pytest.raises(Unsupported, match="does not parse"):            # a prefix declared nowhere
        compile_shapes(shapes("SELECT $this WHERE { $this undeclared:p ?o }"), shape)
    with pytest.raises(Unsupported, match="nested group"):              # pre-binding and a join differ there
        compile_shapes(shapes("PREFIX ex: <https://example.org/> SELECT $this WHERE { ?x ex:p ?y "
                              "FILTER NOT EXISTS { $this ex:q ?y } }"), shape)
    with pytest.raises(Unsupported, match=r"\$this must be selected"):
        compile_shapes(shapes("PREFIX ex: <https://example.org/> SELECT ?o WHERE { $this ex:p ?o }"), shape)
    with pytest.raises(Unsupported, match=r"group by \$this"):     # groups across focus nodes: not per focus node
        compile_shapes(shapes("PREFIX ex: <https://example.org/> SELECT $this (COUNT(?o) AS ?n) WHERE { $this ex:p ?o } "
                              "GROUP BY ?o"), shape)
    checks = compile_shapes(shapes("PREFIX ex: <https://example.org/> SELECT $this WHERE { $this ex:p/ex:q ?o "
                                   "FILTER NOT EXISTS { ?o ex:r* ?z } }"), shape)
    assert checks[0].reads == {"https://example.org/p", "https://example.org/q", "https://example.org/r",
                               "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"}     # the target's


def test_a_constraint_predicate_written_in_a_plan_graph_falls_back_to_the_engine(store):
    # the compiled SPARQL constraints read the union of the graphs: a pk:derivesFrom in a plan graph
    # would be read there and not by the engine, whose data graph has the links graph's only
    from graph.rdf.link_validation import validate_links_batched

    copy = ox.Store()
    copy.extend(store)
    pk = "https://w3id.org/plankg/ontology#"
    plan = next(iter(copy.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                            ox.NamedNode(pk + "Plan"))))
    copy.add(ox.Quad(plan.subject, ox.NamedNode(pk + "derivesFrom"), plan.subject, plan.graph_name))
    with pytest.raises(Unsupported, match="derivesFrom is written outside the links graph"):
        validate_links_in_store(copy)
    assert _rows(validate_links(copy)) == _rows(validate_links_batched(copy))
