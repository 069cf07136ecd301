"""The ontology as an HTML document, generated from ontology/plankg.ttl with pyLODE (``make docs``, ``/ontology``)."""
from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

from graph.config import ONTOLOGY_DIR

ONTOLOGY_FILE = ONTOLOGY_DIR / "plankg.ttl"
DEFAULT_OUTPUT = Path("docs/ontology.html")


@lru_cache(maxsize=1)
def ontology_html() -> str:
    """pyLODE's OntPub document of the ontology, subjects sorted so that the output is stable."""
    from pylode import OntPub
    from rdflib import Graph

    graph = Graph().parse(ONTOLOGY_FILE, format="turtle")  # parsed here: pyLODE exits on a parse error
    return OntPub(ontology=_one_label_each(graph), sort_subjects=True).make_html(include_css=True)


def _one_label_each(graph):
    """Chinese and English labels joined into one ("措施 · measure"): pyLODE prints several with no space between."""
    from rdflib import Literal
    from rdflib.namespace import DCTERMS, RDFS

    for predicate in (RDFS.label, DCTERMS.title):
        for subject in set(graph.subjects(predicate, None)):
            by_language = {o.language: str(o) for o in graph.objects(subject, predicate) if isinstance(o, Literal)}
            if "zh" in by_language and "en" in by_language:
                graph.remove((subject, predicate, None))
                graph.add((subject, predicate, Literal(f"{by_language['zh']} · {by_language['en']}")))
    return graph


def write(output: Path = DEFAULT_OUTPUT) -> Path:
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(ontology_html(), encoding="utf-8")
    return output


if __name__ == "__main__":
    print(write(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT))
