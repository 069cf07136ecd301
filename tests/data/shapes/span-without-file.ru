# expect: shp:SpanFile
# the measure's span names no file
PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?s pk:sourceFile ?f } WHERE { ?m a pk:Measure ; pk:sourceSpan ?s . ?s pk:sourceFile ?f }
