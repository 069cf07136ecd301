# expect: shp:LinkScore
# an inferred family source gets a score outside 0..1
PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?l pk:score ?s } INSERT { ?l pk:score "1.5"^^xsd:decimal }
WHERE { ?l a pk:Link ; rdf:predicate pk:inferredSource ; pk:score ?s }
