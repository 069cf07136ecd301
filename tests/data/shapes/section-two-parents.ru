# expect: shp:SectionParent
# a section has two parents
PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT { ?s pk:parent ?m } WHERE { ?s a pk:Section . ?m a pk:Measure }
