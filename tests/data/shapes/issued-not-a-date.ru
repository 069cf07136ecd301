# expect: shp:PlanIssued
# the issue date is a plain string
PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?plan pk:issued ?d } INSERT { ?plan pk:issued "2021年8月31日" } WHERE { ?plan a pk:Plan ; pk:issued ?d }
