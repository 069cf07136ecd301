# expect: shp:ValuePercentRange
# the target of indicator 4 is 120 %
PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?v pk:numericValue ?n } INSERT { ?v pk:numericValue 120.0 } WHERE { ?i pk:target ?v . ?v pk:numericValue ?n }
