"""Vocabulary terms as Python names: a mistyped term fails at import, not in a query.

``PK`` mirrors ontology/plankg.ttl term for term (tests/test_ontology.py checks both ways); the other
namespaces are the vocabularies PlanKG reuses. Graph names and the IRI bases of instances are here too.
"""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

__all__ = [
    "PK", "ELI", "OA", "ORG", "DCTERMS", "OWL", "PROV", "RDF", "RDFS", "SKOS", "XSD",
    "ID", "CONCEPT", "VOCABULARY_GRAPH", "LINKS_GRAPH", "ONTOLOGY_IRI", "PREFIXES",
]


class PK(DefinedNamespace):
    """PlanKG ontology terms (https://w3id.org/plankg/ontology#)."""

    _NS = Namespace("https://w3id.org/plankg/ontology#")
    _fail = True

    ExtractedNode: URIRef
    PlanComponent: URIRef
    Plan: URIRef
    ReferencedDocument: URIRef
    Section: URIRef
    Measure: URIRef
    IndicatorRow: URIRef
    Indicator: URIRef
    PreviousIndicator: URIRef
    Value: URIRef
    QuantitativeTarget: URIRef
    Institution: URIRef
    InstitutionMention: URIRef
    Region: URIRef
    Project: URIRef
    Table: URIRef
    Alignment: URIRef
    SourceSpan: URIRef
    inPlan: URIRef
    parent: URIRef
    region: URIRef
    jurisdiction: URIRef
    partOf: URIRef
    adminLevel: URIRef
    planType: URIRef
    issuer: URIRef
    basis: URIRef
    cites: URIRef
    derivesFrom: URIRef
    implements: URIRef
    documentKind: URIRef
    inTable: URIRef
    inSection: URIRef
    concept: URIRef
    attribute: URIRef
    baseline: URIRef
    target: URIRef
    plannedValue: URIRef
    achievedValue: URIRef
    statedIn: URIRef
    involves: URIRef
    institution: URIRef
    institutionType: URIRef
    sourceSpan: URIRef
    alignmentSource: URIRef
    alignmentTarget: URIRef
    periodStart: URIRef
    periodEnd: URIRef
    outlookYear: URIRef
    documentNumber: URIRef
    issued: URIRef
    draft: URIRef
    planTypeLabel: URIRef
    basisStatement: URIRef
    sourceFile: URIRef
    sourceFormat: URIRef
    page: URIRef
    sha256: URIRef
    startLine: URIRef
    endLine: URIRef
    sourceText: URIRef
    ordinal: URIRef
    position: URIRef
    path: URIRef
    level: URIRef
    heading: URIRef
    text: URIRef
    measureKind: URIRef
    printedName: URIRef
    note: URIRef
    printedText: URIRef
    comparator: URIRef
    numericValue: URIRef
    unit: URIRef
    year: URIRef
    qualitativeStatement: URIRef
    subject: URIRef
    qualifier: URIRef
    mention: URIRef
    role: URIRef
    caption: URIRef
    tableKind: URIRef
    rowCount: URIRef
    regionCode: URIRef
    floorArea: URIRef
    investment: URIRef
    projectFunction: URIRef
    projectLevel: URIRef
    titleSuffix: URIRef
    measureUnit: URIRef
    score: URIRef
    method: URIRef
    sharedText: URIRef
    Link: URIRef
    Derivation: URIRef
    MeasureFamily: URIRef
    CascadeFinding: URIRef
    predecessor: URIRef
    resolvedPlan: URIRef
    coversRegion: URIRef
    member: URIRef
    representative: URIRef
    inferredSource: URIRef
    findingPlan: URIRef
    comparedPlan: URIRef
    indicatorConcept: URIRef
    indicatorRow: URIRef
    comparedRow: URIRef
    inferred: URIRef
    textSimilarity: URIRef
    topicSimilarity: URIRef
    sharedTopic: URIRef
    sharedNumber: URIRef
    strength: URIRef
    planRelation: URIRef
    correspondsTo: URIRef
    correspondent: URIRef
    Correspondence: URIRef
    headingSimilarity: URIRef
    sectionSimilarity: URIRef
    sharedRatio: URIRef
    childOnlyText: URIRef
    parentOnlyText: URIRef
    changedNumber: URIRef
    representativeHeading: URIRef
    findingKind: URIRef
    description: URIRef


ELI = Namespace("http://data.europa.eu/eli/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")

ONTOLOGY_IRI = "https://w3id.org/plankg/ontology"
ID = "https://w3id.org/plankg/id/"
CONCEPT = ID + "concept/"
VOCABULARY_GRAPH = ID + "graph/vocabulary"
LINKS_GRAPH = ID + "graph/links"

PREFIXES = {
    "pk": str(PK._NS),
    "eli": str(ELI),
    "oa": str(OA),
    "org": str(ORG),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
}
