# expect: shp:LinkObject
# a derivation link names its parent plan by a text, not an IRI
PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
DELETE { ?d rdf:object ?o } INSERT { ?d rdf:object "浙江省残疾人事业发展“十四五”规划" }
WHERE { { SELECT ?d ?o WHERE { ?d a pk:Derivation ; rdf:object ?o } ORDER BY ?d LIMIT 1 } }
