# expect: shp:LinkMethod
# a derivation link loses its method
PREFIX pk: <https://w3id.org/plankg/ontology#>
DELETE { ?d pk:method ?m } WHERE { ?d a pk:Derivation ; pk:method ?m }
