# expect: shp:MentionRole
# an institution mention's role is not issuer or involved
PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?m pk:role ?r } INSERT { ?m pk:role "sponsor" } WHERE { ?m a pk:InstitutionMention ; pk:role ?r }
