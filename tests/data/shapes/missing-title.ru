# expect: shp:PlanTitle
# the plan has no dcterms:title
PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?plan dcterms:title ?t } WHERE { ?plan a pk:Plan ; dcterms:title ?t }
