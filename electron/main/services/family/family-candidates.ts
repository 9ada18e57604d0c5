// Segregation of a patient's candidate variants when a family with imported relatives is recorded: what the
// diagnosis tiering (and the phenotype ranking) call. Null when there is no family or no relative with data.
import type { SegregationResult } from '../../../../shared/schemas/family.ts';
import type { Store } from '../../db/connection.ts';
import { standardChromCode } from '../vcf/chrom-codes.ts';
import { normaliseChrom } from '../vcf/normalise-allele.ts';
import type { CandidateSite } from './family-analysis.ts';
import { segregateCandidates } from './family-analysis.ts';
import type { FamilyService } from './family-service.ts';
import { storedFamilyInputs } from './stored-family.ts';

export function familySegregation(
  store: Store,
  family: FamilyService,
  patientId: string,
  importId: string,
  sites: readonly (CandidateSite & { key: string })[],
): Map<string, SegregationResult> | null {
  const recorded = family.find(patientId);
  if (!recorded) return null;
  const inputs = storedFamilyInputs(store.sqlite, recorded, importId, patientId);
  if (inputs.importKeys.size < 2) return null;
  const byEngineKey = segregateCandidates(store, inputs.model, inputs.importKeys, sites, (chrom) => standardChromCode(normaliseChrom(chrom)));
  // The engine keys by chrom:pos:ref:alt; the caller by its own key.
  const out = new Map<string, SegregationResult>();
  for (const s of sites) {
    const r = byEngineKey.get(`${s.chrom}:${s.pos}:${s.ref}:${s.alt}`);
    if (r) out.set(s.key, r);
  }
  return out;
}
