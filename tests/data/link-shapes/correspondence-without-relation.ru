# expect: shp:CorrespondenceRelation
# a correspondence no longer says how its plans are related
PREFIX pk: <https://w3id.org/plankg/ontology#>
DELETE { ?c pk:planRelation ?r }
WHERE { { SELECT ?c ?r WHERE { ?c a pk:Correspondence ; pk:planRelation ?r } ORDER BY DESC(?c) LIMIT 1 } }
