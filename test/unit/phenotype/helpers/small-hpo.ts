// A small HPO release written for tests: a few terms with is_a, alt_id, obsolete (replaced_by and consider)
// and the inheritance sub-ontology, in hp.obo's format.
export const SMALL_OBO = `format-version: 1.2
data-version: hp/releases/2026-02-16
ontology: hp

[Term]
id: HP:0000001
name: All

[Term]
id: HP:0000118
name: Phenotypic abnormality
is_a: HP:0000001 ! All

[Term]
id: HP:0000707
name: Abnormality of the nervous system
is_a: HP:0000118 ! Phenotypic abnormality

[Term]
id: HP:0001250
name: Seizure
alt_id: HP:0001233
def: "An intermittent abnormality of nervous system physiology." []
synonym: "Epileptic seizure" EXACT []
is_a: HP:0000707 ! Abnormality of the nervous system

[Term]
id: HP:0002197
name: Generalized-onset seizure
is_a: HP:0001250 ! Seizure

[Term]
id: HP:0000957
name: Café-au-lait spot
is_a: HP:0000118 ! Phenotypic abnormality

[Term]
id: HP:0000005
name: Mode of inheritance
is_a: HP:0000001 ! All

[Term]
id: HP:0000007
name: Autosomal recessive inheritance
is_a: HP:0000005 ! Mode of inheritance

[Term]
id: HP:0000006
name: Autosomal dominant inheritance
is_a: HP:0000005 ! Mode of inheritance

[Term]
id: HP:0009999
name: obsolete Fits
is_obsolete: true
replaced_by: HP:0001250

[Term]
id: HP:0009998
name: obsolete Odd spells
is_obsolete: true
consider: HP:0001250
consider: HP:0000957

[Typedef]
id: part_of
name: part of
`;
