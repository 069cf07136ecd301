# expect: shp:FindingKind
# a cascade finding of a kind the cascade does not make
PREFIX pk: <https://w3id.org/plankg/ontology#>
DELETE { ?f pk:findingKind ?k } INSERT { ?f pk:findingKind "stronger-than-parent" }
WHERE { ?f a pk:CascadeFinding ; pk:findingKind ?k }
