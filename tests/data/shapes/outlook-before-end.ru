# expect: shp:PlanOutlookOrder
# the outlook year 2024 lies before the period end 2025
PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?plan pk:outlookYear ?y } INSERT { ?plan pk:outlookYear "2024"^^xsd:gYear } WHERE { ?plan a pk:Plan ; pk:outlookYear ?y }
