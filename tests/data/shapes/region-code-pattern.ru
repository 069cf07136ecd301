# expect: shp:RegionCode
# the region code has five digits
PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?r pk:regionCode ?c } INSERT { ?r pk:regionCode "99999" } WHERE { ?r a pk:Region ; pk:regionCode ?c }
