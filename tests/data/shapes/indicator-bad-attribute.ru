# expect: shp:IndicatorAttribute
# indicator 4's attribute is the plan-type concept, not binding or expected
PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?i pk:attribute ?a } INSERT { ?i pk:attribute <https://w3id.org/plankg/id/concept/plan-type/disability> } WHERE { ?i a pk:Indicator ; pk:attribute ?a }
