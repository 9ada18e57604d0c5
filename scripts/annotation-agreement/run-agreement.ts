// All agreement sources in one call, for scripts/annotate-agreement.ts and the agreement tests.
import path from 'node:path';
import type { AgreementSource } from './agreement-types.ts';
import { bcftoolsCsqAgreement } from './bcftools-csq.ts';
import { biocommonsAgreement } from './biocommons.ts';
import { vcf2mafAgreement, vepCsqAgreement } from './vep.ts';

export async function runAgreement(sharedData: string): Promise<AgreementSource[]> {
  const truth = path.join(sharedData, 'annotation-truth');
  const reference = path.join(sharedData, 'reference');
  return [
    await bcftoolsCsqAgreement(path.join(truth, 'bcftools-csq')),
    await vepCsqAgreement(truth),
    vcf2mafAgreement(truth, new Set()),
    await biocommonsAgreement(truth, reference),
  ];
}
