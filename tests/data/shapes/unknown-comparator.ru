# expect: shp:ValueComparator
# a target's comparator is the printed ≥ instead of >=
PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?v pk:comparator ?c } INSERT { ?v pk:comparator "≥" } WHERE { ?i pk:target ?v . ?v pk:comparator ?c }
