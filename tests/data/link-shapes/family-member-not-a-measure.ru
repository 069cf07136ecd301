# expect: shp:FamilyMembers
# a measure family counts a plan among its members
PREFIX pk: <https://w3id.org/plankg/ontology#>
INSERT { ?f pk:member ?plan }
WHERE { { SELECT ?f ?plan WHERE { ?f a pk:MeasureFamily ; pk:member ?m . ?m pk:inPlan ?plan } ORDER BY ?f ?plan LIMIT 1 } }
