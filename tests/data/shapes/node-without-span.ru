# expect: shp:ExtractedSourceSpan
# the project has no source span
PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?p pk:sourceSpan ?s } WHERE { ?p a pk:Project ; pk:sourceSpan ?s }
