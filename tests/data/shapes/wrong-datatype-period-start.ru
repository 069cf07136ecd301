# expect: shp:PlanPeriodStart
# the period start is an xsd:integer, not an xsd:gYear
PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?plan pk:periodStart ?s } INSERT { ?plan pk:periodStart 2021 } WHERE { ?plan a pk:Plan ; pk:periodStart ?s }
