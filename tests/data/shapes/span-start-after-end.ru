# expect: shp:SpanStart
# a span starts after it ends
PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?s oa:start ?x } INSERT { ?s oa:start 999 } WHERE { ?m a pk:Measure ; pk:sourceSpan ?s . ?s oa:start ?x }
