# expect: shp:LinkMethod
# an alignment whose method is the empty string
PREFIX pk: <https://w3id.org/plankg/ontology#>
DELETE { ?a pk:method ?m } INSERT { ?a pk:method "" }
WHERE { { SELECT ?a ?m WHERE { ?a a pk:Alignment ; pk:method ?m } ORDER BY ?a OFFSET 3 LIMIT 1 } }
