# expect: shp:DerivationAcyclic
# the national plan derives from the Jiashan county plan, which derives from it: a cycle through Jiaxing and Zhejiang
PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
INSERT { ?national pk:derivesFrom <https://w3id.org/plankg/id/plan/330421-2021-2025-disability> }
WHERE { ?link pk:inferred true ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?national .
        ?national pk:coversRegion <https://w3id.org/plankg/id/region/000000> . }
