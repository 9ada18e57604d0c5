// Identifier systems, code systems and profile URLs GenoDesk writes into FHIR resources. Identifier systems
// must never change once records have been sent: the server finds our earlier writes by them (If-None-Exist).

/** NHS number, as NHS England's FHIR APIs name it. */
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';

/**
 * The clinical genetics pedigree number, "Patient's genetic/pedigree number which links their family": NamingSystem
 * `genomics-pedigree-number` (draft, 2022-12-05) of NHS England's FHIR Genomics Implementation Guide
 * (simplifier.net/guide/FHIR-Genomics-Implementation-Guide, FHIR Assets > NamingSystem; also in NHSDigital's
 * IOPS-FHIR-Simplifier-Backup, NHSEnglandFHIRGenomicsImplementationGuide/backup/NamingSystem/
 * NamingSystem-Genomics-pedigree-number.json). The guide's Group profile (NHSEngland-Group-Genomics 0.3.0) says the
 * numbers are assigned by the clinical genetics service at referral: GenoDesk only sends one a person entered.
 */
export const NHS_PEDIGREE_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/genomics-pedigree-number';

/**
 * GenoDesk's own stable identifiers. Modelled on NHS England's `https://fhir.nhs.uk/Id/<kind>` pattern under
 * a namespace GenoDesk controls; `.example` is reserved (RFC 2606), so a deployment that registers a real
 * namespace changes only this base before its first sync. The value is the local id (a UUID), which every
 * GenoDesk install shares for a record it pulled, so two clients name the same patient the same way.
 */
export const GENODESK_ID_BASE = 'https://genodesk.nhs.example/Id';
export const GENODESK_PATIENT_SYSTEM = `${GENODESK_ID_BASE}/patient`;
export const GENODESK_REPORT_SYSTEM = `${GENODESK_ID_BASE}/pgx-report`;
/** Observations and Tasks inside a report: value `<reportId>/<kind>/<key>`, stable across retries. */
export const GENODESK_REPORT_PART_SYSTEM = `${GENODESK_ID_BASE}/pgx-report-part`;
/** An issued diagnostic report (outbox 'diagnostic-report'): value = the report number (GD-…, unique per store). */
export const GENODESK_DIAGNOSTIC_REPORT_SYSTEM = `${GENODESK_ID_BASE}/diagnostic-report`;
/** Observations of a diagnostic report: value `<reportId>/<profile>/<builder's stable id>`. */
export const GENODESK_DIAGNOSTIC_REPORT_PART_SYSTEM = `${GENODESK_ID_BASE}/diagnostic-report-part`;
/**
 * One version of the lab's classification of a variant: value = that version's own UUID
 * (diagnosis_classifications.id). Not `<variant>/v<n>`: each GenoDesk store numbers its versions of a variant
 * independently, so "v1" from two stores would be two different classifications under one identifier and the
 * second store's conditional create would take the first store's resource for its own (its version lost).
 */
export const GENODESK_CLASSIFICATION_SYSTEM = `${GENODESK_ID_BASE}/classification`;
/** A medicine recorded in GenoDesk (MedicationStatement.identifier), issue 16. */
export const GENODESK_MEDICATION_SYSTEM = `${GENODESK_ID_BASE}/medication`;

/** One HPO term of a patient's phenotype: value `<patient id>/<HP id>` (one Observation per term, updated in place). */
export const GENODESK_PHENOTYPE_SYSTEM = `${GENODESK_ID_BASE}/phenotype`;

/** GenoDesk's own code systems, for concepts no published terminology codes (ACMG/AMP criteria and strengths). */
export const GENODESK_CODE_BASE = 'https://genodesk.nhs.example/CodeSystem';
export const ACMG_CRITERION_CODES = `${GENODESK_CODE_BASE}/acmg-criterion`;
export const ACMG_STRENGTH_CODES = `${GENODESK_CODE_BASE}/acmg-strength`;
export const GENODESK_OBSERVATION_CODES = `${GENODESK_CODE_BASE}/observation-component`;

// HL7 Genomics Reporting IG (STU3, 3.0.0; hl7.org/fhir/uv/genomics-reporting) canonical profile URLs.
const IG = 'http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition';
export const GENOMIC_REPORT_PROFILE = `${IG}/genomic-report`;
export const GENOTYPE_PROFILE = `${IG}/genotype`;
export const HAPLOTYPE_PROFILE = `${IG}/haplotype`;
export const THERAPEUTIC_IMPLICATION_PROFILE = `${IG}/therapeutic-implication`;
export const MEDICATION_RECOMMENDATION_PROFILE = `${IG}/medication-recommendation`;
export const RECOMMENDED_ACTION_EXTENSION = `${IG}/recommended-action`;
export const VARIANT_PROFILE = `${IG}/variant`;
export const DIAGNOSTIC_IMPLICATION_PROFILE = `${IG}/diagnostic-implication`;
export const MOLECULAR_CONSEQUENCE_PROFILE = `${IG}/molecular-consequence`;

export const LOINC = 'http://loinc.org';
/** HPO's code system URI in FHIR (HL7 terminology, as the Phenomics Exchange IG codes phenotypic features). */
export const HPO_SYSTEM = 'http://purl.obolibrary.org/obo/hp.owl';
/** The IG's own code system for concepts LOINC lacks (therapeutic-implication, conclusion-string, …). */
export const IG_TBD_CODES = 'http://hl7.org/fhir/uv/genomics-reporting/CodeSystem/tbd-codes-cs';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const DIAGNOSTIC_SERVICE_SECTION = 'http://terminology.hl7.org/CodeSystem/v2-0074';

/** SNOMED CT (dm+d concepts are SNOMED CT UK-extension ids in the same system). */
export const SNOMED_CT_SYSTEM = 'http://snomed.info/sct';
