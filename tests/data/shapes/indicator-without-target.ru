# expect: shp:IndicatorTarget
# indicator 4 has no target value
PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?i pk:target ?v } WHERE { ?i a pk:Indicator ; pk:target ?v }
