# expect: shp:LinkInferred
# an inferred derivation link no longer says it is inferred
PREFIX pk: <https://w3id.org/plankg/ontology#>
DELETE { ?d pk:inferred ?f } WHERE { ?d a pk:Derivation ; pk:inferred ?f }
