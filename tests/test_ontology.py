"""The vocabulary files: every term documented in zh and en, the namespace module in step with them."""
from __future__ import annotations

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, SKOS, BNode, Literal, URIRef

from conftest import ROOT
from graph.rdf.iris import load_vocabulary, normalise_label, vocabulary_files
from graph.rdf.namespace import PK

ONTOLOGY = ROOT / "ontology" / "plankg.ttl"
INDICATORS = ROOT / "ontology" / "indicators.ttl"
CI = "https://w3id.org/plankg/id/concept/indicator/"


@pytest.fixture(scope="module")
def ontology():
    return rdflib.Graph().parse(ONTOLOGY, format="turtle")


def pk_terms(graph):
    return {s for s in graph.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(str(PK._NS))}


def languages(graph, subject, predicate):
    return {o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal)}


def test_every_term_has_labels_definition_and_defined_by(ontology):
    terms = pk_terms(ontology)
    assert len(terms) > 80
    missing = []
    for term in sorted(terms):
        if not {"zh", "en"} <= languages(ontology, term, RDFS.label):
            missing.append(f"{term}: rdfs:label @zh and @en")
        if not list(ontology.objects(term, RDFS.comment)):
            missing.append(f"{term}: definition (rdfs:comment)")
        if (term, RDFS.isDefinedBy, URIRef("https://w3id.org/plankg/ontology")) not in ontology:
            missing.append(f"{term}: rdfs:isDefinedBy")
    assert not missing, "\n".join(missing)


def test_every_property_has_domain_and_range(ontology):
    properties = set(ontology.subjects(RDF.type, OWL.ObjectProperty)) | set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    assert len(properties) > 60
    missing = [str(p) for p in properties if ontology.value(p, RDFS.domain) is None or ontology.value(p, RDFS.range) is None]
    assert not missing


def test_alignment_with_reused_vocabularies(ontology):
    eli = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
    assert (PK.derivesFrom, RDFS.subPropertyOf, PK.basis) in ontology
    assert (PK.basis, RDFS.subPropertyOf, eli.based_on) in ontology
    assert (PK.cites, RDFS.subPropertyOf, eli.cites) in ontology
    assert (PK.implements, RDFS.subPropertyOf, eli.implements) in ontology
    assert (PK.parent, RDFS.subPropertyOf, eli.is_part_of) in ontology
    assert (PK.Institution, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Organization")) in ontology
    assert (PK.SourceSpan, RDFS.subClassOf, URIRef("http://www.w3.org/ns/oa#TextPositionSelector")) in ontology


def test_header_has_version_dates_and_license(ontology):
    header = URIRef("https://w3id.org/plankg/ontology")
    for predicate in (OWL.versionInfo, rdflib.DCTERMS.created, rdflib.DCTERMS.modified, rdflib.DCTERMS.license):
        assert ontology.value(header, predicate) is not None, predicate


def test_namespace_module_matches_ontology(ontology):
    declared = {str(t) for t in pk_terms(ontology)}
    in_module = {str(PK[name]) for name in PK.__annotations__}
    assert declared == in_module, declared ^ in_module


def test_mistyped_term_fails():
    with pytest.raises(AttributeError):
        PK.Plann  # noqa: B018


def test_vocabulary_files_have_no_blank_nodes():
    # blank nodes would get fresh labels on every load and break byte-identical exports
    for path in vocabulary_files():
        graph = rdflib.Graph().parse(path, format="turtle")
        blank = [t for t in graph if any(isinstance(x, BNode) for x in t)]
        assert not blank, f"{path.name}: {blank[:3]}"


def test_every_concept_has_zh_and_en_preflabel_and_a_scheme():
    for path in vocabulary_files():
        graph = rdflib.Graph().parse(path, format="turtle")
        for concept in graph.subjects(RDF.type, SKOS.Concept):
            assert {"zh", "en"} <= languages(graph, concept, SKOS.prefLabel), f"{path.name}: {concept}"
            assert graph.value(concept, SKOS.inScheme) is not None, f"{path.name}: {concept}"


def test_indicator_concepts_have_definition_and_unit():
    graph = rdflib.Graph().parse(INDICATORS, format="turtle")
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) >= 25
    for concept in concepts:
        assert graph.value(concept, SKOS.definition) is not None, concept
        assert graph.value(concept, PK.measureUnit) is not None, concept


def test_hangzhou_assistive_device_service_rate_is_the_fitting_rate():
    vocab = load_vocabulary()
    concept = vocab.indicator("残疾人辅助器具服务率")
    assert concept == vocab.indicator("残疾人辅助器具适配率") == CI + "assistive-device-fitting-rate"
    graph = rdflib.Graph().parse(INDICATORS, format="turtle")
    note = str(graph.value(URIRef(concept), SKOS.editorialNote))
    assert "辅助器具服务率" in note and "全国指标" in note


def test_printed_variants_resolve_to_one_concept():
    vocab = load_vocabulary()
    assert vocab.indicator("“残疾人之家”覆盖率") == vocab.indicator("残疾人之家覆盖率") == CI + "disability-home-coverage"
    assert vocab.indicator("乡镇（街道）残疾人服务机构覆盖率") == vocab.indicator("乡镇(街道)残疾人服务机构覆盖率")
    assert vocab.indicator("残疾人住房救助比例(%)") == CI + "housing-assistance-rate"
    # a different denominator is a different concept
    assert vocab.indicator("残疾人就业率") != vocab.indicator("劳动年龄段有就业能力和就业意愿的残疾人就业率")
    assert normalise_label(" “残疾人之家” 覆盖率 ") == "残疾人之家覆盖率"


def test_every_indicator_row_of_the_five_plans_has_a_concept(records):
    vocab = load_vocabulary()
    rows = [(name, row.name) for name, r in records.items() for row in r.indicators + r.previous_indicators]
    assert len(rows) == 14 + 14 + 14 + 13 + 15 + 16 + 16
    unmatched = [row for row in rows if vocab.indicator(row[1]) is None]
    assert not unmatched


def test_schemes_resolve_attribute_level_plan_type_and_document_kind():
    vocab = load_vocabulary()
    assert vocab.attribute("约束性").endswith("/attribute/binding")
    assert vocab.attribute("预期性").endswith("/attribute/expected")
    assert vocab.admin_level("county").endswith("/admin-level/county")
    concept, slug = vocab.plan_type("残疾人事业发展规划")
    assert slug == "disability" and concept.endswith("/plan-type/disability")
    assert vocab.plan_type("残疾人事业发展“十四五”规划")[1] == "disability"
    assert vocab.document_kind("law") == "https://w3id.org/plankg/id/document-kind/law"
    unknown = vocab.plan_type("养老服务体系建设规划")
    assert unknown[0] is None and unknown[1] == vocab.plan_type("养老服务体系建设规划")[1].strip()
    assert unknown[1].startswith("t") and len(unknown[1]) == 9
