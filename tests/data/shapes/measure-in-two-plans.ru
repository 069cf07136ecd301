# expect: shp:ComponentInPlan
# the measure also claims to be in a second plan
PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT { ?m pk:inPlan <https://w3id.org/plankg/id/plan/888888-2021-2025-disability> . <https://w3id.org/plankg/id/plan/888888-2021-2025-disability> a pk:Plan } WHERE { ?m a pk:Measure }
