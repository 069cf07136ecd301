# expect: shp:FamilyOnePerPlan
# a family takes a second measure of its representative's plan (families once chained whole topics this way)
PREFIX pk: <https://w3id.org/plankg/ontology#>
INSERT { ?f pk:member ?other }
WHERE {
  { SELECT ?f (MIN(STR(?candidate)) AS ?pick) WHERE {
      ?f a pk:MeasureFamily ; pk:representative ?r . ?r pk:inPlan ?p .
      ?candidate a pk:Measure ; pk:inPlan ?p .
      FILTER NOT EXISTS { ?f pk:member ?candidate }
    } GROUP BY ?f }
  BIND(IRI(?pick) AS ?other)
}
