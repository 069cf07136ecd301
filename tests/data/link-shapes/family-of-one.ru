# expect: shp:FamilyMembers
# a family left with one member
PREFIX pk: <https://w3id.org/plankg/ontology#>
DELETE { ?f pk:member ?m } WHERE { ?f a pk:MeasureFamily ; pk:member ?m ; pk:representative ?r FILTER(?m != ?r) }
