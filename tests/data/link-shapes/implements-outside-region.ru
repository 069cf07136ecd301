# expect: shp:ImplementsWithinRegion
# a Wenzhou (city) measure claims to implement a Yueqing (county) measure: the county does not contain the city
PREFIX pk: <https://w3id.org/plankg/ontology#>
INSERT DATA {
  <https://w3id.org/plankg/id/plan/330300-2021-2025-disability/measure/2.1-m1>
      pk:implements <https://w3id.org/plankg/id/plan/330382-2021-2025-disability/measure/2.1-m1> .
}
