// What to tell a person for each phenotype error code: the Record type makes a missing code a typecheck failure.
import type { PHENOTYPE_ERROR_CODES } from '../../../../shared/error-codes/phenotype.ts';

export const phenotypeMessages: Record<(typeof PHENOTYPE_ERROR_CODES)[number], string> = {
  'phenotype/unknown-term': 'That HPO term is not in the installed HPO release. Check the HP id, or search for the term by name.',
  'phenotype/data-missing': 'The HPO reference data is missing. Reinstall GenoDesk or install an HPO pack.',
  'phenotype/data-corrupt': 'The HPO reference data is damaged (its checksum differs from its manifest). Reinstall GenoDesk or the HPO pack.',
  'phenotype/no-terms': 'Add at least one observed HPO term to the patient’s phenotype before ranking genes.',
  'phenotype/no-consequences': 'This VCF has no variant consequences (no VEP CSQ or snpEff ANN field) and no annotation pack is installed for its build. Install a pack or annotate the file first.',
  'phenotype/conflicting-terms': 'A term is listed twice, or both as seen and as looked for and absent. Keep it once.',
  'phenotype/stale': 'Someone else changed this phenotype since you opened it. Reload it and make your change again.',
  'phenotype/phenopacket-invalid': 'That file is not a GA4GH Phenopacket version 2 JSON file. The details say what was expected.',
  'phenotype/phenopacket-no-features': 'That phenopacket lists no phenotypic features, so there is nothing to fill the phenotype with.',
  'phenotype/export-path-invalid': 'Give a file name ending in .json, in a folder that exists and that you can write to.',
  'phenotype/cancelled': 'The ranking was cancelled. Nothing from it is shown; rank again when you are ready.',
  'phenotype/worker-failed': 'The ranking stopped unexpectedly (it may have needed more memory than it is allowed). Try again; with a whole genome, try ranking by phenotype alone.',
};
