# expect: shp:PlanPeriodOrder
# the period ends in 2020 but starts in 2021
PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?plan pk:periodEnd ?e } INSERT { ?plan pk:periodEnd "2020"^^xsd:gYear } WHERE { ?plan a pk:Plan ; pk:periodEnd ?e }
