# expect: shp:LinkScore
# an alignment loses its score
PREFIX pk: <https://w3id.org/plankg/ontology#>
DELETE { ?a pk:score ?s } WHERE { ?a a pk:Alignment ; pk:score ?s }
