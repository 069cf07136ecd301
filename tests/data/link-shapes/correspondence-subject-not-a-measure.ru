# expect: shp:CorrespondenceSubject
# a correspondence names a plan, not a measure, as its subject
PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
DELETE { ?c rdf:subject ?s } INSERT { ?c rdf:subject ?plan }
WHERE { { SELECT ?c ?s ?plan WHERE { ?c a pk:Correspondence ; rdf:subject ?s . ?s pk:inPlan ?plan } ORDER BY ?c LIMIT 1 } }
