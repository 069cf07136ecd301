# expect: shp:ProjectFloorArea
# a project's floor area is negative
PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?p pk:floorArea ?a } INSERT { ?p pk:floorArea "-5.0"^^xsd:decimal } WHERE { ?p a pk:Project ; pk:floorArea ?a }
