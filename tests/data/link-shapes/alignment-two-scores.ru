# expect: shp:LinkScore
# an alignment with a second score
PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT { ?a pk:score "0.123"^^xsd:decimal }
WHERE { { SELECT ?a WHERE { ?a a pk:Alignment } ORDER BY ?a LIMIT 1 } }
