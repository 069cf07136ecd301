# expect: shp:LinkStrength
# a correspondence of a strength the linker does not give
PREFIX pk: <https://w3id.org/plankg/ontology#>
DELETE { ?c pk:strength ?s } INSERT { ?c pk:strength "medium" }
WHERE { { SELECT ?c ?s WHERE { ?c a pk:Correspondence ; pk:strength ?s } ORDER BY ?c LIMIT 2 } }
