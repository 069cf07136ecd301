# expect: shp:LinkScore
# an alignment's score written as text, not as an xsd:decimal
PREFIX pk: <https://w3id.org/plankg/ontology#>
DELETE { ?a pk:score ?s } INSERT { ?a pk:score "0.5" }
WHERE { { SELECT ?a ?s WHERE { ?a a pk:Alignment ; pk:score ?s } ORDER BY DESC(?a) LIMIT 1 } }
