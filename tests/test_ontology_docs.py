"""The ontology document (pyLODE): ``make docs`` builds it, it names every term, and the committed copy is in step."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import rdflib
from rdflib.namespace import OWL, RDF, RDFS

ROOT = Path(__file__).resolve().parent.parent
PK = "https://w3id.org/plankg/ontology#"


def terms() -> dict[str, str]:
    """Every class and property of the ontology with its Chinese label."""
    g = rdflib.Graph().parse(ROOT / "ontology" / "plankg.ttl")
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    found = {str(s): next(str(o) for o in g.objects(s, RDFS.label) if o.language == "zh")
             for kind in kinds for s in g.subjects(RDF.type, kind) if str(s).startswith(PK)}
    assert len(found) > 100
    return found


def test_make_docs_builds_a_document_naming_every_class_and_property(tmp_path):
    recipe = re.search(r"^docs:.*\n\t(.*)$", (ROOT / "Makefile").read_text(), re.M).group(1)
    assert recipe == "$(BIN)/python -m graph.rdf.ontology_docs docs/ontology.html"
    output = tmp_path / "ontology.html"
    done = subprocess.run([sys.executable, "-m", "graph.rdf.ontology_docs", str(output)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    html = output.read_text(encoding="utf-8")
    assert "<title>PlanKG 规划知识图谱本体 · PlanKG ontology</title>" in html
    missing = [iri for iri, label in terms().items() if iri not in html or label not in html]
    assert not missing, f"not in the document: {missing}"
    committed = (ROOT / "docs" / "ontology.html").read_text(encoding="utf-8")
    assert committed == html, "docs/ontology.html is out of date: run 'make docs'"


def test_the_readme_links_the_ontology_document():
    assert "(docs/ontology.html)" in (ROOT / "README.md").read_text(encoding="utf-8")
