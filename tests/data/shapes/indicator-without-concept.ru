# expect: shp:IndicatorConcept
# indicator 4 links to no indicator concept
PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?i pk:concept ?c } WHERE { ?i a pk:Indicator ; pk:concept ?c }
